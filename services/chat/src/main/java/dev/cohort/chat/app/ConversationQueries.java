package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MemberRow;
import dev.cohort.chat.store.MessageStore;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Conversations as a reader sees them: members, newest message, read marker, unread count. */
public class ConversationQueries {

    private static final PageSize PAGE_SIZE = new PageSize(20, 100);

    private final ConversationStore conversations;
    private final MessageStore messages;
    private final MessageViews views;
    private final ConversationAccess access;
    private final PageTokenCodec pageTokens;

    public ConversationQueries(ConversationStore conversations, MessageStore messages, MessageViews views,
                               ConversationAccess access, PageTokenCodec pageTokens) {
        this.conversations = conversations;
        this.messages = messages;
        this.views = views;
        this.access = access;
        this.pageTokens = pageTokens;
    }

    /** One conversation, if {@code actor} may read it. */
    public ConversationView view(Actor actor, UUID conversationId) {
        return views(actor, List.of(access.readable(actor, conversationId))).get(0);
    }

    /** A page of {@code actor}'s conversations, most recently active first. */
    public Page<ConversationView> mine(Actor actor, String pageToken, int pageSize, boolean includeArchived) {
        PageQuery query = PageQuery.of("chat.conversations", actor.userId()).with("include_archived", includeArchived);
        TimeAndId after = pageTokens.decode(query, TimeAndId.FORMAT, pageToken).orElse(null);
        int size = PAGE_SIZE.resolve(pageSize);
        List<ConversationRow> rows = conversations.ofMember(actor.userId(), includeArchived,
                after == null ? null : after.at(), after == null ? null : after.id(), size + 1);
        boolean more = rows.size() > size;
        List<ConversationRow> page = more ? rows.subList(0, size) : rows;
        List<ConversationView> items = views(actor, page);
        ConversationRow last = page.isEmpty() ? null : page.get(page.size() - 1);
        String next = more ? pageTokens.encode(query, TimeAndId.FORMAT, new TimeAndId(last.activityAt(), last.id())) : "";
        return new Page<>(items, next);
    }

    /** The views of {@code rows}, in order: members and newest messages read once for all of them. */
    private List<ConversationView> views(Actor actor, List<ConversationRow> rows) {
        List<UUID> ids = rows.stream().map(ConversationRow::id).toList();
        Map<UUID, List<MemberRow>> members = conversations.membersOf(ids);
        Map<UUID, MessageView> newest = new HashMap<>();
        views.of(List.copyOf(messages.newest(ids).values()), actor.userId())
                .forEach(message -> newest.put(message.conversationId(), message));
        List<ConversationView> result = new ArrayList<>(rows.size());
        for (ConversationRow conversation : rows) {
            List<MemberRow> memberRows = members.getOrDefault(conversation.id(), List.of());
            MemberRow mine = memberRows.stream().filter(m -> m.userId().equals(actor.userId())).findFirst()
                    .orElse(null);
            long lastRead = mine == null ? 0 : mine.lastReadSequence();
            long unread = mine == null ? 0 : messages.unread(conversation.id(), actor.userId(), lastRead);
            result.add(new ConversationView(conversation, memberRows, newest.get(conversation.id()), lastRead,
                    unread));
        }
        return result;
    }
}
