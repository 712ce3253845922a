package dev.cohort.objectstore;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A URL that lets whoever holds it PUT one object until {@code expiresAt}, and nothing else.
 *
 * @param url       where to PUT
 * @param headers   headers the PUT must carry exactly as given (they are part of the signature), by lower-case name:
 *                  {@code content-type}, and {@code content-length}, which HTTP clients and browsers set themselves
 *                  from the body
 * @param expiresAt when the store stops accepting it
 */
public record PresignedUpload(URI url, Map<String, List<String>> headers, Instant expiresAt) {
    public PresignedUpload {
        headers = Map.copyOf(headers);
    }

    public String method() {
        return "PUT";
    }
}
