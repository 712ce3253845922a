package dev.cohort.course.domain;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Opaque cursors for keyset paging. A token holds the sort key of the last item of a page and a fingerprint of
 * the query it belongs to, so that a token is only accepted with the same query (clients must not build or edit
 * tokens; the format may change at any time).
 */
public final class PageToken {

    public static final String INVALID = "PAGE_TOKEN_INVALID";
    private static final String VERSION = "1";
    private static final String SEPARATOR = "\u001f";

    private PageToken() {
    }

    /** A token for the page after the item whose sort key is {@code position}, in the query {@code fingerprint}. */
    public static String encode(String fingerprint, String... position) {
        String plain = VERSION + SEPARATOR + fingerprint + SEPARATOR + String.join(SEPARATOR, position);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sort key in {@code token}, which must have {@code size} parts and belong to {@code fingerprint}; empty
     * for an empty token (the first page).
     */
    public static List<String> decode(String token, String fingerprint, int size) {
        if (token == null || token.isEmpty()) {
            return List.of();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        String[] parts = plain.split(SEPARATOR, -1);
        if (parts.length != size + 2 || !parts[0].equals(VERSION) || !parts[1].equals(fingerprint)) {
            throw invalid();
        }
        return Arrays.asList(parts).subList(2, parts.length);
    }

    /** A short, stable digest of the parameters a token is tied to. */
    public static String fingerprint(Object... parameters) {
        return Integer.toHexString(Arrays.deepHashCode(parameters));
    }

    public static InvalidArgumentException invalid() {
        return InvalidArgumentException.of(INVALID, "page_token",
                "not a page token of this query; pass next_page_token back unchanged, with the same parameters");
    }

    /** Parses a part of a decoded token, turning a malformed value into {@link #invalid()}. */
    public static <T> T part(String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (RuntimeException malformed) {
            throw invalid();
        }
    }
}
