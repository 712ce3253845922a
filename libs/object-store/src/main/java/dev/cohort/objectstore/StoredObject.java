package dev.cohort.objectstore;

import java.time.Instant;

/**
 * What the store says of an object (HEAD), without its bytes.
 *
 * @param contentType the type it was stored with: what the uploader claimed, never proof of the content
 */
public record StoredObject(String key, long size, String contentType, String eTag, Instant lastModified) {
}
