package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.domain.Mention;
import dev.cohort.chat.domain.MentionRules;
import dev.cohort.chat.events.ChatEvents;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.MessageRow;
import dev.cohort.chat.store.MessageStore;
import dev.cohort.chat.store.PostingStore;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import dev.cohort.grpc.common.ids.TimeOrderedUuids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends a history written elsewhere to a conversation, with each message's original time and author (ADR 59):
 * admins only, all of one request or nothing, in one transaction that holds the conversation's row lock as sends
 * do, so imported and sent messages share one gap-free sequence. Times must not be in the future and must not go
 * backwards (sequence order stays time order). Imported rows keep who imported them; their MessagePosted events
 * say when they were originally posted; open streams get them as live frames after the commit.
 */
public class MessageImport {

    public static final String TIME_IN_FUTURE = "IMPORT_TIME_IN_FUTURE";
    public static final String TIME_OUT_OF_ORDER = "IMPORT_TIME_OUT_OF_ORDER";
    public static final String REPLY_INVALID = "IMPORT_REPLY_INVALID";
    public static final String AUTHOR_NOT_MEMBER = "AUTHOR_NOT_MEMBER";

    private final MessageStore messages;
    private final PostingStore posting;
    private final ChatEvents events;
    private final LiveFeed live;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public MessageImport(MessageStore messages, PostingStore posting, ChatEvents events, LiveFeed live,
                         TransactionTemplate transactions, Clock clock) {
        this.messages = messages;
        this.posting = posting;
        this.events = events;
        this.live = live;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The stored messages in the order of {@code history}: new ones, and those imported before as they were. */
    public List<MessageView> importHistory(Actor actor, UUID conversationId, List<ImportedMessage> history) {
        if (!actor.admin()) {
            throw new PermissionDeniedException("ADMIN_ONLY", "Only admins import messages.");
        }
        requireWellFormed(history, clock.instant());
        return transactions.execute(status -> write(actor, conversationId, history));
    }

    /** What can be checked without the database: mentions inside their text, times not ahead, replies backwards. */
    private static void requireWellFormed(List<ImportedMessage> history, Instant now) {
        for (int i = 0; i < history.size(); i++) {
            ImportedMessage message = history.get(i);
            try {
                MentionRules.requireInside(message.text(), message.mentions());
            } catch (InvalidArgumentException outside) {
                String prefix = "messages[" + i + "].";
                throw new InvalidArgumentException(outside.reason(), outside.violations().stream()
                        .map(v -> new FieldViolation(prefix + v.field(), v.description())).toList());
            }
            if (message.createdAt().isAfter(now)) {
                throw InvalidArgumentException.of(TIME_IN_FUTURE, "messages[" + i + "].create_time",
                        "must not be in the future");
            }
            Integer replyTo = message.replyToIndex();
            if (replyTo != null && replyTo >= i) {
                throw InvalidArgumentException.of(REPLY_INVALID, "messages[" + i + "].reply_to_index",
                        "must be the position of an earlier message of this request");
            }
        }
    }

    private List<MessageView> write(Actor actor, UUID conversationId, List<ImportedMessage> history) {
        List<PostingStore.LockedConversation> locked = posting.lock(Set.of(conversationId));
        if (locked.isEmpty()) {
            throw ConversationAccess.notFound(conversationId);
        }
        ConversationRow conversation = locked.get(0).conversation();
        if (conversation.archived()) {
            throw Conversations.archived();
        }
        Set<MessageStore.ClientKey> keys = new LinkedHashSet<>();
        history.forEach(m -> keys.add(new MessageStore.ClientKey(conversationId, m.authorId(), m.clientMessageId())));
        PostingStore.PostingState state = posting.stateOf(Set.of(conversationId), Set.of(conversationId), keys)
                .get(conversationId);
        Set<UUID> members = Set.copyOf(state.memberIds());
        Map<String, MessageRow> earlier = new HashMap<>();
        messages.findAll(state.earlierMessageIds()).forEach(row -> earlier.put(key(row.authorId(),
                row.clientMessageId()), row));

        Instant notBefore = messages.newest(conversationId).map(MessageRow::createdAt).orElse(Instant.EPOCH);
        long sequence = conversation.lastSequence();
        List<MessageRow> stored = new ArrayList<>(history.size());
        List<MessageRow> inserts = new ArrayList<>();
        Map<UUID, Integer> replies = new HashMap<>();
        for (int i = 0; i < history.size(); i++) {
            ImportedMessage message = history.get(i);
            MessageRow before = earlier.get(key(message.authorId(), message.clientMessageId()));
            if (before != null) {
                stored.add(before);
                continue;
            }
            requireMembers(message, members, i);
            if (message.createdAt().isBefore(notBefore)) {
                throw InvalidArgumentException.of(TIME_OUT_OF_ORDER, "messages[" + i + "].create_time",
                        "must not be before " + notBefore + " (the message before it)");
            }
            notBefore = message.createdAt();
            MessageRow parent = message.replyToIndex() == null ? null : stored.get(message.replyToIndex());
            UUID root = parent == null ? null : parent.threadRootId() != null ? parent.threadRootId() : parent.id();
            MessageRow row = new MessageRow(TimeOrderedUuids.next(), conversationId, ++sequence, message.authorId(),
                    message.clientMessageId(), message.text(), message.mentions(), root, 0, false,
                    message.createdAt(), null, null, null, actor.userId());
            if (root != null) {
                replies.merge(root, 1, Integer::sum);
            }
            inserts.add(row);
            stored.add(row);
        }
        posting.postImported(conversationId, inserts, replies, sequence);
        if (!inserts.isEmpty()) {
            events.posted(inserts.stream().map(row -> new ChatEvents.Posted(conversation, row, false)).toList());
            List<LiveChange> posted = inserts.stream()
                    .<LiveChange>map(row -> new LiveChange.MessagePosted(MessageViews.fresh(row))).toList();
            posted.forEach(change -> AfterCommit.publish(live, change));
        }
        // Reply counts as they are now (roots imported in this request gained replies after their rows were built).
        Map<UUID, Integer> replyCounts = new HashMap<>();
        stored.forEach(row -> replyCounts.put(row.id(), row.replyCount() + replies.getOrDefault(row.id(), 0)));
        return stored.stream().map(row -> MessageViews.fresh(withReplyCount(row, replyCounts.get(row.id()))))
                .toList();
    }

    private static void requireMembers(ImportedMessage message, Set<UUID> members, int index) {
        if (!members.contains(message.authorId())) {
            throw new FailedPreconditionException(AUTHOR_NOT_MEMBER, "The author of messages[" + index + "], "
                    + message.authorId() + ", is not a member of this conversation.");
        }
        for (Mention mention : message.mentions()) {
            if (!members.contains(mention.userId())) {
                throw new FailedPreconditionException("MENTIONED_USER_NOT_MEMBER", "Mentioned user "
                        + mention.userId() + " of messages[" + index + "] is not a member of this conversation.");
            }
        }
    }

    private static MessageRow withReplyCount(MessageRow row, int replyCount) {
        return new MessageRow(row.id(), row.conversationId(), row.sequence(), row.authorId(), row.clientMessageId(),
                row.text(), row.mentions(), row.threadRootId(), replyCount, row.pinned(), row.createdAt(),
                row.editedAt(), row.deletedAt(), row.deletedBy(), row.importedBy());
    }

    private static String key(UUID author, String clientMessageId) {
        return author + "/" + clientMessageId;
    }
}
