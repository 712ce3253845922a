package dev.cohort.paging;

import java.util.Arrays;
import java.util.Base64;

/**
 * The secret that authenticates page tokens: at least 32 bytes (the output size of SHA-256, as RFC 2104 advises
 * for HMAC keys), given as base64. Every replica of a service must use the same key, or a token issued by one is
 * refused by the next.
 */
public final class PageTokenKey {

    /** The property that holds the key. */
    public static final String PROPERTY = "cohort.paging.token-key";
    static final int MIN_BYTES = 32;

    private final byte[] bytes;

    private PageTokenKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The key from its base64 text; a missing, malformed or short key fails with a message that says how to fix it. */
    public static PageTokenKey fromBase64(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalStateException(PROPERTY + " is not set: give it base64 of at least " + MIN_BYTES
                    + " random bytes (e.g. `openssl rand -base64 32`), through the environment variable "
                    + "COHORT_PAGING_TOKENKEY; every replica of a service needs the same key");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException(PROPERTY + " is not valid base64");
        }
        if (bytes.length < MIN_BYTES) {
            throw new IllegalStateException(PROPERTY + " must decode to at least " + MIN_BYTES + " bytes, not "
                    + bytes.length);
        }
        return new PageTokenKey(bytes);
    }

    byte[] bytes() {
        return Arrays.copyOf(bytes, bytes.length);
    }

    @Override
    public String toString() {
        return "PageTokenKey[hidden]";
    }
}
