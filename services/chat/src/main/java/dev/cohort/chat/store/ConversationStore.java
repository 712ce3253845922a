package dev.cohort.chat.store;

import static dev.cohort.chat.store.Sql.instant;
import static dev.cohort.chat.store.Sql.time;
import static dev.cohort.chat.store.Sql.uuid;

import dev.cohort.chat.domain.ConversationKind;
import dev.cohort.chat.domain.MemberRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Conversations and their members in PostgreSQL. Writes must run inside the caller's transaction. */
public class ConversationStore {

    static final String COLUMNS = "id, kind, name, topic, private, section_id, group_id, "
            + "group_member_list_version, direct_key, archived_at, last_sequence, last_message_at, created_at, created_by";

    static final RowMapper<ConversationRow> CONVERSATION = (row, n) -> new ConversationRow(
            uuid(row, "id"), ConversationKind.valueOf(row.getString("kind")), row.getString("name"),
            row.getString("topic"), row.getBoolean("private"), uuid(row, "section_id"), uuid(row, "group_id"),
            row.getLong("group_member_list_version"), row.getString("direct_key"), instant(row, "archived_at"),
            row.getLong("last_sequence"), instant(row, "last_message_at"), instant(row, "created_at"),
            uuid(row, "created_by"));

    private static final RowMapper<MemberRow> MEMBER = (row, n) -> new MemberRow(uuid(row, "conversation_id"),
            uuid(row, "user_id"), MemberRole.valueOf(row.getString("role")), instant(row, "joined_at"),
            row.getLong("last_read_sequence"));

    private final JdbcTemplate jdbc;

    public ConversationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ConversationRow c) {
        jdbc.update("insert into conversations (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.id(), c.kind().name(), c.name(), c.topic(), c.privateChannel(), c.sectionId(), c.groupId(),
                c.groupMemberListVersion(), c.directKey(), time(c.archivedAt()), c.lastSequence(),
                time(c.lastMessageAt()), time(c.createdAt()), c.createdBy());
    }

    public Optional<ConversationRow> find(UUID id) {
        return jdbc.query("select " + COLUMNS + " from conversations where id = ?", CONVERSATION, id).stream().findFirst();
    }

    /** The row, locked until the transaction ends: changes of one conversation are serial. */
    public Optional<ConversationRow> lock(UUID id) {
        return jdbc.query("select " + COLUMNS + " from conversations where id = ? for update", CONVERSATION, id)
                .stream().findFirst();
    }

    /** A conversation together with one user's membership of it (empty if they are not a member). */
    public record Sighting(ConversationRow conversation, Optional<MemberRow> membership) {
    }

    /** The conversation and {@code userId}'s membership, in one query; empty if there is no such conversation. */
    public Optional<Sighting> findAsSeenBy(UUID id, UUID userId) {
        return jdbc.query("select c.*, m.conversation_id as m_conversation_id, m.user_id as m_user_id, "
                        + "m.role as m_role, m.joined_at as m_joined_at, m.last_read_sequence as m_last_read_sequence "
                        + "from conversations c left join members m on m.conversation_id = c.id and m.user_id = ? "
                        + "where c.id = ?",
                (row, n) -> new Sighting(CONVERSATION.mapRow(row, n), row.getObject("m_user_id") == null
                        ? Optional.empty()
                        : Optional.of(new MemberRow(uuid(row, "m_conversation_id"), uuid(row, "m_user_id"),
                                MemberRole.valueOf(row.getString("m_role")), instant(row, "m_joined_at"),
                                row.getLong("m_last_read_sequence")))),
                userId, id).stream().findFirst();
    }

    public Optional<ConversationRow> findByDirectKey(String directKey) {
        return jdbc.query("select " + COLUMNS + " from conversations where direct_key = ?", CONVERSATION, directKey)
                .stream().findFirst();
    }

    /** The group's conversation, locked. */
    public Optional<ConversationRow> lockByGroup(UUID groupId) {
        return jdbc.query("select " + COLUMNS + " from conversations where group_id = ? for update", CONVERSATION,
                groupId).stream().findFirst();
    }

    /** Inserts unless a conversation with the same unique key (direct key, group) exists; true if inserted. */
    public boolean insertIfAbsent(ConversationRow c) {
        return jdbc.update("insert into conversations (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict do nothing",
                c.id(), c.kind().name(), c.name(), c.topic(), c.privateChannel(), c.sectionId(), c.groupId(),
                c.groupMemberListVersion(), c.directKey(), time(c.archivedAt()), c.lastSequence(),
                time(c.lastMessageAt()), time(c.createdAt()), c.createdBy()) == 1;
    }

    public void archive(UUID id, Instant at) {
        jdbc.update("update conversations set archived_at = coalesce(archived_at, ?) where id = ?", time(at), id);
    }

    public void setGroupState(UUID id, String name, long memberListVersion) {
        jdbc.update("update conversations set name = ?, group_member_list_version = ? where id = ?", name,
                memberListVersion, id);
    }

    public long lastSequence(UUID id) {
        List<Long> last = jdbc.queryForList("select last_sequence from conversations where id = ?", Long.class, id);
        return last.isEmpty() ? 0 : last.get(0);
    }

    public List<MemberRow> members(UUID conversationId) {
        return jdbc.query("select * from members where conversation_id = ? order by join_order", MEMBER,
                conversationId);
    }

    /** The first {@code limit} members of each of several conversations, in join order: previews. */
    public Map<UUID, List<MemberRow>> firstMembersOf(Collection<UUID> conversationIds, int limit) {
        Map<UUID, List<MemberRow>> members = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return members;
        }
        for (MemberRow row : jdbc.query("select m.* from unnest(?::uuid[]) as c(id) cross join lateral ("
                        + "select * from members where conversation_id = c.id order by join_order limit ?) m "
                        + "order by m.conversation_id, m.join_order",
                MEMBER, (Object) conversationIds.toArray(UUID[]::new), limit)) {
            members.computeIfAbsent(row.conversationId(), id -> new ArrayList<>()).add(row);
        }
        return members;
    }

    /** How many members each of several conversations has (absent ones: none). */
    public Map<UUID, Integer> memberCounts(Collection<UUID> conversationIds) {
        Map<UUID, Integer> counts = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return counts;
        }
        jdbc.query("select conversation_id, count(*) as n from members where conversation_id = any(?) "
                        + "group by conversation_id",
                row -> {
                    counts.put(uuid(row, "conversation_id"), row.getInt("n"));
                }, (Object) conversationIds.toArray(UUID[]::new));
        return counts;
    }

    /** {@code userId}'s memberships among several conversations, by conversation. */
    public Map<UUID, MemberRow> membershipsOf(UUID userId, Collection<UUID> conversationIds) {
        Map<UUID, MemberRow> memberships = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return memberships;
        }
        for (MemberRow row : jdbc.query("select * from members where user_id = ? and conversation_id = any(?)",
                MEMBER, userId, (Object) conversationIds.toArray(UUID[]::new))) {
            memberships.put(row.conversationId(), row);
        }
        return memberships;
    }

    /** A conversation's number of members (take the conversation's row lock first to count for an add). */
    public int memberCount(UUID conversationId) {
        Integer count = jdbc.queryForObject("select count(*) from members where conversation_id = ?", Integer.class,
                conversationId);
        return count == null ? 0 : count;
    }

    /** A member with their place in the join order, the key that member pages continue after. */
    public record PagedMember(MemberRow member, long joinOrder) {
    }

    /** Up to {@code limit} members who joined after {@code afterJoinOrder}, in join order. */
    public List<PagedMember> membersAfter(UUID conversationId, long afterJoinOrder, int limit) {
        return jdbc.query("select * from members where conversation_id = ? and join_order > ? "
                        + "order by join_order limit ?",
                (row, n) -> new PagedMember(MEMBER.mapRow(row, n), row.getLong("join_order")),
                conversationId, afterJoinOrder, limit);
    }

    /**
     * Which of {@code userIds} are members of at least one conversation that {@code userId} is a member of
     * ({@code userId} itself among them if it is a member of anything).
     */
    public Set<UUID> sharingAConversation(UUID userId, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("select distinct other.user_id from members mine "
                        + "join members other on other.conversation_id = mine.conversation_id "
                        + "where mine.user_id = ? and other.user_id = any(?)",
                UUID.class, userId, (Object) userIds.toArray(UUID[]::new)));
    }

    public Optional<MemberRow> member(UUID conversationId, UUID userId) {
        return jdbc.query("select * from members where conversation_id = ? and user_id = ?", MEMBER, conversationId,
                userId).stream().findFirst();
    }

    /** The members among {@code userIds}. */
    public List<MemberRow> membersAmong(UUID conversationId, Collection<UUID> userIds) {
        return jdbc.query("select * from members where conversation_id = ? and user_id = any(?)", MEMBER,
                conversationId, (Object) userIds.toArray(UUID[]::new));
    }

    /** Adds a member unless they are one; true if added. */
    public boolean addMember(UUID conversationId, UUID userId, MemberRole role, Instant at) {
        return jdbc.update("insert into members (conversation_id, user_id, role, joined_at) values (?, ?, ?, ?) "
                + "on conflict do nothing", conversationId, userId, role.name(), time(at)) == 1;
    }

    public boolean removeMember(UUID conversationId, UUID userId) {
        return jdbc.update("delete from members where conversation_id = ? and user_id = ?", conversationId, userId) == 1;
    }

    public void setRole(UUID conversationId, UUID userId, MemberRole role) {
        jdbc.update("update members set role = ? where conversation_id = ? and user_id = ?", role.name(),
                conversationId, userId);
    }

    /**
     * Moves a member's read marker forward to {@code sequence} (capped at the conversation's newest); never back.
     * Returns the marker after the move, or empty if {@code userId} is not a member.
     */
    public Optional<Long> moveReadMarker(UUID conversationId, UUID userId, long sequence) {
        return jdbc.queryForList("update members m set last_read_sequence = greatest(m.last_read_sequence, "
                        + "least(?, c.last_sequence)) from conversations c where c.id = m.conversation_id "
                        + "and m.conversation_id = ? and m.user_id = ? returning m.last_read_sequence",
                Long.class, sequence, conversationId, userId).stream().findFirst();
    }

    /** A user's conversations, most recently active first, after the keyset position (activity, id). */
    public List<ConversationRow> ofMember(UUID userId, boolean includeArchived, Instant beforeActivity,
                                          UUID beforeId, int limit) {
        String archived = includeArchived ? "" : " and c.archived_at is null";
        String select = "select c.* from conversations c join members m on m.conversation_id = c.id "
                + "where m.user_id = ?" + archived;
        String order = " order by coalesce(c.last_message_at, c.created_at) desc, c.id desc limit ?";
        if (beforeActivity == null) {
            return jdbc.query(select + order, CONVERSATION, userId, limit);
        }
        return jdbc.query(select + " and (coalesce(c.last_message_at, c.created_at), c.id) < (?, ?)" + order,
                CONVERSATION, userId, time(beforeActivity), beforeId, limit);
    }

    /**
     * Public channels that are not archived, most recently active first, after the given place in that order
     * (null: from the start); the partial index of V12 serves exactly this order.
     */
    public List<ConversationRow> publicChannels(Instant beforeActivity, UUID beforeId, int limit) {
        String select = "select c.* from conversations c where c.kind = 'CHANNEL' and not c.private "
                + "and c.archived_at is null";
        String order = " order by coalesce(c.last_message_at, c.created_at) desc, c.id desc limit ?";
        if (beforeActivity == null) {
            return jdbc.query(select + order, CONVERSATION, limit);
        }
        return jdbc.query(select + " and (coalesce(c.last_message_at, c.created_at), c.id) < (?, ?)" + order,
                CONVERSATION, time(beforeActivity), beforeId, limit);
    }

    /** Ids of a user's conversations (at most {@code limit}), for presence fan-out. */
    public List<UUID> idsOfMember(UUID userId, int limit) {
        return jdbc.queryForList("select conversation_id from members where user_id = ? limit ?", UUID.class, userId,
                limit);
    }
}
