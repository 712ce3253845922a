package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MemberRow;
import dev.cohort.chat.store.MessageStore;
import dev.cohort.paging.CursorFormat;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Conversations as a reader sees them (member count and preview, newest message, read marker, unread count), and their member lists. */
public class ConversationQueries {

    private static final PageSize PAGE_SIZE = new PageSize(20, 100);
    private static final PageSize MEMBER_PAGE_SIZE = new PageSize(50, 200);
    /**
     * Members inlined in a conversation view: a preview, enough for every member of a direct (at most 8), never
     * a whole channel (ListConversationMembers pages those).
     */
    static final int MEMBER_PREVIEW = Conversations.MAX_DIRECT_PARTICIPANTS;

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

    /**
     * A page of the channel directory: public, unarchived channels, most recently active first, for any signed-in
     * user (a public channel is readable by all). The token binds the list and the caller, like every other.
     */
    public Page<ConversationView> publicChannels(Actor actor, String pageToken, int pageSize) {
        PageQuery query = PageQuery.of("chat.public-channels", actor.userId());
        TimeAndId after = pageTokens.decode(query, TimeAndId.FORMAT, pageToken).orElse(null);
        int size = PAGE_SIZE.resolve(pageSize);
        List<ConversationRow> rows = conversations.publicChannels(after == null ? null : after.at(),
                after == null ? null : after.id(), size + 1);
        boolean more = rows.size() > size;
        List<ConversationRow> page = more ? rows.subList(0, size) : rows;
        ConversationRow last = page.isEmpty() ? null : page.get(page.size() - 1);
        String next = more ? pageTokens.encode(query, TimeAndId.FORMAT, new TimeAndId(last.activityAt(), last.id())) : "";
        return new Page<>(views(actor, page), next);
    }

    /**
     * A page of a conversation's members in join order, for anyone who may read it; the token continues after
     * the last member's place in the join order, so members joining meanwhile come at the end.
     */
    public Page<MemberView> members(Actor actor, UUID conversationId, String pageToken, int pageSize) {
        PageQuery query = PageQuery.of("chat.members", actor.userId()).with("conversation_id", conversationId);
        long after = pageTokens.decode(query, CursorFormat.SEQUENCE, pageToken).orElse(0L);
        access.requireReadable(actor, conversationId);
        int size = MEMBER_PAGE_SIZE.resolve(pageSize);
        List<ConversationStore.PagedMember> rows = conversations.membersAfter(conversationId, after, size + 1);
        boolean more = rows.size() > size;
        List<ConversationStore.PagedMember> page = more ? rows.subList(0, size) : rows;
        String next = more
                ? pageTokens.encode(query, CursorFormat.SEQUENCE, page.get(page.size() - 1).joinOrder()) : "";
        return new Page<>(page.stream().map(paged -> view(paged.member())).toList(), next);
    }

    /** The views of {@code rows}, in order: member previews, counts and newest messages read once for all. */
    private List<ConversationView> views(Actor actor, List<ConversationRow> rows) {
        List<UUID> ids = rows.stream().map(ConversationRow::id).toList();
        Map<UUID, List<MemberRow>> previews = conversations.firstMembersOf(ids, MEMBER_PREVIEW);
        Map<UUID, Integer> counts = conversations.memberCounts(ids);
        Map<UUID, MemberRow> mine = conversations.membershipsOf(actor.userId(), ids);
        Map<UUID, MessageView> newest = new HashMap<>();
        views.of(List.copyOf(messages.newest(ids).values()), actor.userId())
                .forEach(message -> newest.put(message.conversationId(), message));
        List<ConversationView> result = new ArrayList<>(rows.size());
        for (ConversationRow conversation : rows) {
            MemberRow membership = mine.get(conversation.id());
            long lastRead = membership == null ? 0 : membership.lastReadSequence();
            long unread = membership == null ? 0 : messages.unread(conversation.id(), actor.userId(), lastRead);
            List<MemberView> preview = previews.getOrDefault(conversation.id(), List.of()).stream()
                    .map(ConversationQueries::view).toList();
            result.add(ConversationView.of(conversation, counts.getOrDefault(conversation.id(), 0), preview,
                    newest.get(conversation.id()), lastRead, unread));
        }
        return result;
    }

    private static MemberView view(MemberRow member) {
        return new MemberView(member.userId(), member.role(), member.joinedAt());
    }
}
