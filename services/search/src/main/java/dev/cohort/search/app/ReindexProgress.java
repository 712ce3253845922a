package dev.cohort.search.app;

/**
 * How far a Reindex is.
 *
 * @param eventsRead       events read from the replayed topics so far
 * @param documentsIndexed documents of the kind in the rebuilt index so far
 * @param done             whether the rebuilt index has replaced the live one
 */
public record ReindexProgress(long eventsRead, long documentsIndexed, boolean done) {
}
