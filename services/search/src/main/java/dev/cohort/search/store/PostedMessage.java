package dev.cohort.search.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A posted message as the index stores it.
 *
 * @param language the text search configuration its text is indexed with
 * @param postedAt when it was posted (the event time)
 */
public record PostedMessage(UUID id, String language, UUID conversationId, long sequence, UUID authorId,
                            String text, Instant postedAt) {
}
