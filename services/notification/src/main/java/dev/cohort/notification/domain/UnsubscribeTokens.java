package dev.cohort.notification.domain;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, single-purpose unsubscribe tokens: "turn off e-mail of this kind for this person", and nothing else (the
 * purpose is part of what is signed, so no other token of the platform can be passed off as one, nor one as
 * another). HMAC-SHA256 over {@code purpose | version | user id | kind}, truncated to 16 bytes, base64url. Tokens do
 * not expire: a link in an old e-mail must still work (what it can do is idempotent and harmless).
 */
public final class UnsubscribeTokens {

    private static final byte VERSION = 1;
    private static final byte[] PURPOSE = "cohort.notification.unsubscribe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAC_BYTES = 16;

    private final SecretKeySpec key;

    public UnsubscribeTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the unsubscribe key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** What a valid token allows. */
    public record Grant(UUID userId, NotificationKind kind) {
    }

    public String issue(UUID userId, NotificationKind kind) {
        byte[] payload = payload(userId, kind);
        byte[] token = ByteBuffer.allocate(payload.length + MAC_BYTES).put(payload).put(mac(payload)).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The grant of a token made here and unaltered; empty for anything else. */
    public Optional<Grant> verify(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        // version (1) + uuid (16) + kind (1) + mac
        if (bytes.length != 18 + MAC_BYTES || bytes[0] != VERSION) {
            return Optional.empty();
        }
        byte[] payload = Arrays.copyOf(bytes, 18);
        byte[] given = Arrays.copyOfRange(bytes, 18, bytes.length);
        if (!MessageDigest.isEqual(mac(payload), given)) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload, 1, 17);
        UUID userId = new UUID(buffer.getLong(), buffer.getLong());
        int ordinal = buffer.get();
        NotificationKind[] kinds = NotificationKind.values();
        if (ordinal < 0 || ordinal >= kinds.length) {
            return Optional.empty();
        }
        return Optional.of(new Grant(userId, kinds[ordinal]));
    }

    private static byte[] payload(UUID userId, NotificationKind kind) {
        return ByteBuffer.allocate(18).put(VERSION).putLong(userId.getMostSignificantBits())
                .putLong(userId.getLeastSignificantBits()).put((byte) kind.ordinal()).array();
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(PURPOSE);
            return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
