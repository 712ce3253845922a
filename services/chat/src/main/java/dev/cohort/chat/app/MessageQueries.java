package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MessageRow;
import dev.cohort.chat.store.MessageStore;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.paging.CursorFormat;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** Reading messages: pages newest first, threads, and the catch-up reads of the live layer. */
public class MessageQueries {

    private static final PageSize PAGE_SIZE = new PageSize(50, 200);

    private final MessageStore messages;
    private final ConversationStore conversations;
    private final MessageViews views;
    private final ConversationAccess access;
    private final PageTokenCodec pageTokens;

    public MessageQueries(MessageStore messages, ConversationStore conversations, MessageViews views,
                          ConversationAccess access, PageTokenCodec pageTokens) {
        this.messages = messages;
        this.conversations = conversations;
        this.views = views;
        this.access = access;
        this.pageTokens = pageTokens;
    }

    /** A page of a conversation's messages, newest first; the token is the sequence to continue below. */
    public Page<MessageView> list(Actor actor, UUID conversationId, String pageToken, int pageSize,
                                  boolean pinnedOnly) {
        PageQuery query = PageQuery.of("chat.messages", actor.userId()).with("conversation_id", conversationId)
                .with("pinned_only", pinnedOnly);
        long before = pageTokens.decode(query, CursorFormat.SEQUENCE, pageToken).orElse(Long.MAX_VALUE);
        int size = PAGE_SIZE.resolve(pageSize);
        access.requireReadable(actor, conversationId);
        List<MessageRow> rows = messages.before(conversationId, before, size + 1, pinnedOnly);
        boolean more = rows.size() > size;
        List<MessageRow> page = more ? rows.subList(0, size) : rows;
        String next = more ? pageTokens.encode(query, CursorFormat.SEQUENCE, page.get(page.size() - 1).sequence())
                : "";
        return new Page<>(views.of(page, actor.userId()), next);
    }

    /**
     * The page that opens a conversation at one message: the message with sequence {@code around}, up to half a
     * page of newer ones, and older ones filling the rest; newest first, with the token of the older ones as in
     * {@link #list}. A sequence beyond the newest is the newest page.
     */
    public Page<MessageView> around(Actor actor, UUID conversationId, long around, String pageToken, int pageSize,
                                    boolean pinnedOnly) {
        if (!pageToken.isEmpty() || pinnedOnly) {
            throw InvalidArgumentException.of("AROUND_WITH_CURSOR", "around_sequence",
                    "cannot be combined with page_token or pinned_only");
        }
        PageQuery query = PageQuery.of("chat.messages", actor.userId()).with("conversation_id", conversationId)
                .with("pinned_only", false);
        int size = PAGE_SIZE.resolve(pageSize);
        access.requireReadable(actor, conversationId);
        List<MessageRow> newer = messages.after(conversationId, around, size / 2);
        int olderRoom = size - newer.size();
        List<MessageRow> olderAndIt = messages.before(conversationId, around + 1, olderRoom + 1, false);
        boolean more = olderAndIt.size() > olderRoom;
        List<MessageRow> page = new ArrayList<>(newer);
        Collections.reverse(page);
        page.addAll(more ? olderAndIt.subList(0, olderRoom) : olderAndIt);
        String next = more && !page.isEmpty()
                ? pageTokens.encode(query, CursorFormat.SEQUENCE, page.get(page.size() - 1).sequence()) : "";
        return new Page<>(views.of(page, actor.userId()), next);
    }

    /** A thread: its first message and a page of its replies, oldest first. */
    public Thread thread(Actor actor, UUID messageId, String pageToken, int pageSize) {
        MessageRow message = readableMessage(actor, messageId);
        MessageRow root = message.threadRootId() == null ? message
                : messages.find(message.threadRootId()).orElse(message);
        PageQuery query = PageQuery.of("chat.thread", actor.userId()).with("root_id", root.id());
        long after = pageTokens.decode(query, CursorFormat.SEQUENCE, pageToken).orElse(0L);
        int size = PAGE_SIZE.resolve(pageSize);
        List<MessageRow> rows = messages.replies(root.id(), after, size + 1);
        boolean more = rows.size() > size;
        List<MessageRow> page = more ? rows.subList(0, size) : rows;
        String next = more ? pageTokens.encode(query, CursorFormat.SEQUENCE, page.get(page.size() - 1).sequence())
                : "";
        return new Thread(views.of(root, actor.userId()), new Page<>(views.of(page, actor.userId()), next));
    }

    /**
     * Messages after {@code afterSequence}, oldest first, as every reader sees them (for replay and gap filling;
     * the caller has checked access).
     */
    public List<MessageView> after(UUID conversationId, long afterSequence, int limit) {
        return views.of(messages.after(conversationId, afterSequence, limit), null);
    }

    /** The newest sequence of a conversation (0 when it has no messages). */
    public long lastSequence(UUID conversationId) {
        return conversations.lastSequence(conversationId);
    }

    /**
     * The message, if {@code actor} may read its conversation. A message of a conversation whose existence is
     * private is simply not found.
     */
    MessageRow readableMessage(Actor actor, UUID messageId) {
        MessageRow message = messages.find(messageId).orElseThrow(() -> messageNotFound(messageId));
        conversationOf(actor, message);
        return message;
    }

    /** The conversation of {@code message}, if {@code actor} may read it; else the message is not found. */
    ConversationRow conversationOf(Actor actor, MessageRow message) {
        try {
            return access.readable(actor, message.conversationId());
        } catch (NotFoundException privateConversation) {
            throw messageNotFound(message.id());
        }
    }

    static NotFoundException messageNotFound(UUID messageId) {
        return new NotFoundException("MESSAGE_NOT_FOUND", "No message " + messageId + ".");
    }

    /** A thread's first message and a page of its replies. */
    public record Thread(MessageView root, Page<MessageView> replies) {
    }
}
