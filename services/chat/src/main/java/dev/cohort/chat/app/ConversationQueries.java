package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.domain.PageTokens;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MemberRow;
import dev.cohort.chat.store.MessageRow;
import dev.cohort.chat.store.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Conversations as a reader sees them: members, newest message, read marker, unread count. */
public class ConversationQueries {

    private static final int DEFAULT_PAGE = 20;

    private final ConversationStore conversations;
    private final MessageStore messages;
    private final MessageViews views;
    private final ConversationAccess access;

    public ConversationQueries(ConversationStore conversations, MessageStore messages, MessageViews views,
                               ConversationAccess access) {
        this.conversations = conversations;
        this.messages = messages;
        this.views = views;
        this.access = access;
    }

    /** One conversation, if {@code actor} may read it. */
    public ConversationView view(Actor actor, UUID conversationId) {
        ConversationRow conversation = access.readable(actor, conversationId);
        MessageRow newest = messages.newest(List.of(conversationId)).get(conversationId);
        return view(actor, conversation, newest);
    }

    /** A page of {@code actor}'s conversations, most recently active first. */
    public Page<ConversationView> mine(Actor actor, String pageToken, int pageSize, boolean includeArchived) {
        PageTokens.Activity after = PageTokens.activity(pageToken);
        int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE);
        List<ConversationRow> rows = conversations.ofMember(actor.userId(), includeArchived,
                after == null ? null : after.at(), after == null ? null : after.id(), size + 1);
        boolean more = rows.size() > size;
        List<ConversationRow> page = more ? rows.subList(0, size) : rows;
        Map<UUID, MessageRow> newest = messages.newest(page.stream().map(ConversationRow::id).toList());
        List<ConversationView> items = new ArrayList<>(page.size());
        for (ConversationRow row : page) {
            items.add(view(actor, row, newest.get(row.id())));
        }
        ConversationRow last = page.isEmpty() ? null : page.get(page.size() - 1);
        String next = more ? PageTokens.activity(new PageTokens.Activity(last.activityAt(), last.id())) : "";
        return new Page<>(items, next);
    }

    private ConversationView view(Actor actor, ConversationRow conversation, MessageRow newest) {
        List<MemberRow> members = conversations.members(conversation.id());
        MemberRow mine = members.stream().filter(m -> m.userId().equals(actor.userId())).findFirst().orElse(null);
        long lastRead = mine == null ? 0 : mine.lastReadSequence();
        long unread = mine == null ? 0 : messages.unread(conversation.id(), actor.userId(), lastRead);
        MessageView last = newest == null ? null : views.of(newest, actor.userId());
        return new ConversationView(conversation, members, last, lastRead, unread);
    }
}
