package dev.cohort.search.store;

import dev.cohort.search.domain.Kind;
import java.time.Instant;
import java.util.UUID;

/**
 * One document found, with its score and its headline (marked text, see {@link dev.cohort.search.domain.MarkedText}).
 * The message fields are null for other kinds.
 */
public record IndexHit(Kind kind, UUID id, String title, String headline, double score, UUID conversationId,
                       Long sequence, UUID authorId, Instant postedAt) {
}
