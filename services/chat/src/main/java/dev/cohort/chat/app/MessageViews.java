package dev.cohort.chat.app;

import dev.cohort.chat.domain.ReactionCount;
import dev.cohort.chat.store.MessageRow;
import dev.cohort.chat.store.ReactionStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns message rows into what readers see: tombstones for deleted ones, reactions counted for the reader. */
public class MessageViews {

    private final ReactionStore reactions;

    public MessageViews(ReactionStore reactions) {
        this.reactions = reactions;
    }

    /** Views of {@code rows} for {@code reader} (null: the same for everyone, as in live frames). */
    public List<MessageView> of(List<MessageRow> rows, UUID reader) {
        Map<UUID, List<ReactionCount>> counts = reactions.counts(
                rows.stream().filter(row -> !row.deleted()).map(MessageRow::id).toList(), reader);
        return rows.stream().map(row -> view(row, counts.getOrDefault(row.id(), List.of()))).toList();
    }

    public MessageView of(MessageRow row, UUID reader) {
        return of(List.of(row), reader).get(0);
    }

    /** A view without reactions: for a message just posted (it has none yet). */
    public static MessageView fresh(MessageRow row) {
        return view(row, List.of());
    }

    private static MessageView view(MessageRow row, List<ReactionCount> counts) {
        if (row.deleted()) {
            return new MessageView(row.id(), row.conversationId(), row.sequence(), row.authorId(),
                    row.clientMessageId(), null, List.of(), row.threadRootId(), row.replyCount(), List.of(),
                    row.pinned(), row.createdAt(), row.editedAt(), row.deletedAt(), row.imported());
        }
        return new MessageView(row.id(), row.conversationId(), row.sequence(), row.authorId(), row.clientMessageId(),
                row.text(), row.mentions(), row.threadRootId(), row.replyCount(), counts, row.pinned(),
                row.createdAt(), row.editedAt(), null, row.imported());
    }
}
