package dev.cohort.chat.store;

import dev.cohort.chat.domain.Mention;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code messages}; {@code text} is null once deleted. */
public record MessageRow(UUID id, UUID conversationId, long sequence, UUID authorId, String clientMessageId,
                         String text, List<Mention> mentions, UUID threadRootId, int replyCount, boolean pinned,
                         Instant createdAt, Instant editedAt, Instant deletedAt, UUID deletedBy) {

    public MessageRow {
        mentions = List.copyOf(mentions);
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
