package dev.cohort.objectstore;

import java.net.URI;
import java.time.Instant;

/**
 * A URL that lets whoever holds it GET one object until {@code expiresAt}: what a browser's {@code <img src>} can use.
 */
public record PresignedDownload(URI url, Instant expiresAt) {
}
