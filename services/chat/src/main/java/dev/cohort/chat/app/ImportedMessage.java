package dev.cohort.chat.app;

import dev.cohort.chat.domain.Mention;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message of a history to import, as validated by the contract (text length, ids are UUIDs, a time is set).
 *
 * @param replyToIndex the position, in the same import, of the message this one replies to; null for a top-level
 *                     message
 */
public record ImportedMessage(UUID authorId, String text, String clientMessageId, Instant createdAt,
                              Integer replyToIndex, List<Mention> mentions) {

    public ImportedMessage {
        mentions = List.copyOf(mentions);
    }
}
