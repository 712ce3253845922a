package dev.cohort.identity.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing keys at rest with AES-256-GCM under a key-encryption key held outside the database.
 * The key id is bound as associated data, so a ciphertext cannot be swapped onto another key's row.
 * Layout: 12-byte nonce, then ciphertext with its 16-byte tag.
 */
public final class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private KeyEncryption(SecretKey key) {
        this.key = key;
    }

    /** From base64 of exactly 32 bytes; a clear error otherwise (the service must not start without it). */
    public static KeyEncryption fromBase64(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalStateException("cohort.identity.keys.encryption-key is not set: give it base64 of "
                    + "32 random bytes (e.g. `openssl rand -base64 32`) through the environment or a secret store");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("cohort.identity.keys.encryption-key is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("cohort.identity.keys.encryption-key must decode to 32 bytes, not "
                    + bytes.length);
        }
        return new KeyEncryption(new SecretKeySpec(bytes, "AES"));
    }

    public byte[] encrypt(byte[] plaintext, String keyId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException broken) {
            throw new IllegalStateException("cannot encrypt signing key", broken);
        }
    }

    public byte[] decrypt(byte[] stored, String keyId) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException wrongKey) {
            throw new IllegalStateException("cannot decrypt signing key " + keyId
                    + ": is cohort.identity.keys.encryption-key the one it was stored with?", wrongKey);
        }
    }
}
