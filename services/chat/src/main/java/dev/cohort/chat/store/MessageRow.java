package dev.cohort.chat.store;

import dev.cohort.chat.domain.Mention;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code messages}; {@code text} is null once deleted; {@code importedBy} is the admin who imported it
 * (ImportMessages), null for a message sent through SendMessage.
 */
public record MessageRow(UUID id, UUID conversationId, long sequence, UUID authorId, String clientMessageId,
                         String text, List<Mention> mentions, UUID threadRootId, int replyCount, boolean pinned,
                         Instant createdAt, Instant editedAt, Instant deletedAt, UUID deletedBy, UUID importedBy) {

    public MessageRow {
        mentions = List.copyOf(mentions);
    }

    /** A message sent here (not imported). */
    public MessageRow(UUID id, UUID conversationId, long sequence, UUID authorId, String clientMessageId,
                      String text, List<Mention> mentions, UUID threadRootId, int replyCount, boolean pinned,
                      Instant createdAt, Instant editedAt, Instant deletedAt, UUID deletedBy) {
        this(id, conversationId, sequence, authorId, clientMessageId, text, mentions, threadRootId, replyCount, pinned,
                createdAt, editedAt, deletedAt, deletedBy, null);
    }

    public boolean imported() {
        return importedBy != null;
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
