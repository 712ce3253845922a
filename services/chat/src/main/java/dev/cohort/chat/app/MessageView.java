package dev.cohort.chat.app;

import dev.cohort.chat.domain.Mention;
import dev.cohort.chat.domain.ReactionCount;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as readers see it. A deleted message is a tombstone: {@code text} is null and mentions and
 * reactions are empty, whoever reads it and however (unary read, replay, live frame).
 *
 * @param threadRootId the thread's first message when this is a reply; null for a top-level message
 * @param reactions    counts per emoji, {@code reactedByMe} relative to the reader (false in live frames)
 */
public record MessageView(UUID id, UUID conversationId, long sequence, UUID authorId, String clientMessageId,
                          String text, List<Mention> mentions, UUID threadRootId, int replyCount,
                          List<ReactionCount> reactions, boolean pinned, Instant createdAt, Instant editedAt,
                          Instant deletedAt, boolean imported) {

    /** A message sent here (not imported). */
    public MessageView(UUID id, UUID conversationId, long sequence, UUID authorId, String clientMessageId,
                       String text, List<Mention> mentions, UUID threadRootId, int replyCount,
                       List<ReactionCount> reactions, boolean pinned, Instant createdAt, Instant editedAt,
                       Instant deletedAt) {
        this(id, conversationId, sequence, authorId, clientMessageId, text, mentions, threadRootId, replyCount,
                reactions, pinned, createdAt, editedAt, deletedAt, false);
    }

    public MessageView {
        mentions = List.copyOf(mentions);
        reactions = List.copyOf(reactions);
        if (deletedAt != null && (text != null || !mentions.isEmpty() || !reactions.isEmpty())) {
            throw new IllegalArgumentException("a deleted message carries no content");
        }
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
