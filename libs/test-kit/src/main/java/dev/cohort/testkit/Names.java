package dev.cohort.testkit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Unique, readable names for databases and key prefixes. */
final class Names {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {
    }

    /** 8 lowercase hex digits. */
    static String randomHex8() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A hint as a PostgreSQL identifier part: lowercase {@code [a-z0-9_]}, at most {@code maxLength}
     * characters (identifiers are cut at 63 bytes).
     */
    static String forPostgres(String hint, int maxLength) {
        String cleaned = (hint == null ? "" : hint).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_")
                .replaceAll("_+", "_")
                .replaceAll("^_|_$", "");
        if (cleaned.length() > maxLength) {
            cleaned = cleaned.substring(0, maxLength).replaceAll("_$", "");
        }
        return cleaned.isEmpty() ? "db" : cleaned;
    }

    /** A hint as a Redis key part: no glob characters, no {@code :} separators, at most 60 characters. */
    static String forRedis(String hint) {
        String cleaned = (hint == null ? "" : hint).replaceAll("[^A-Za-z0-9_.-]+", "_");
        if (cleaned.length() > 60) {
            cleaned = cleaned.substring(0, 60);
        }
        return cleaned.isEmpty() ? "keys" : cleaned;
    }

    /**
     * A hint as part of an S3 bucket name: lowercase {@code [a-z0-9-]}, at most {@code maxLength} characters, not
     * starting or ending with {@code -} (bucket names have 3 to 63 characters).
     */
    static String forBucket(String hint, int maxLength) {
        String cleaned = (hint == null ? "" : hint).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        if (cleaned.length() > maxLength) {
            cleaned = cleaned.substring(0, maxLength).replaceAll("-$", "");
        }
        return cleaned.isEmpty() ? "bucket" : cleaned;
    }
}
