package dev.cohort.search.app;

import dev.cohort.search.domain.Kind;
import dev.cohort.search.domain.MarkedText;
import java.time.Instant;
import java.util.UUID;

/**
 * One result as the caller may see it.
 *
 * @param snippet an excerpt with the matched ranges
 * @param message where a message is; null for other kinds
 */
public record SearchResultView(Kind kind, UUID id, String title, MarkedText.Parsed snippet, double score,
                              MessagePlace message) {

    /** Where a message result is. */
    public record MessagePlace(UUID conversationId, long sequence, UUID authorId, Instant postedAt) {
    }
}
