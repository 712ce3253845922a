package dev.cohort.notification.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Notification's tables through plain JDBC: a mention of everyone makes up to 1,000 notifications in one
 * transaction, written with a few set-based statements instead of one ORM round trip each (as chat's hot path,
 * ADR 15). Every method runs in the caller's transaction.
 */
public class NotificationStore {

    private static final RowMapper<NotificationRow> NOTIFICATION = NotificationStore::notification;
    private static final String NOTIFICATION_COLUMNS = "user_id, id, kind, title, body, created_at, read_at, "
            + "actor_user_id, conversation_id, message_id, group_id, section_id, target_user_id";

    private final JdbcTemplate jdbc;

    public NotificationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- recipients

    /** Makes rows for people not seen yet (their registration may come later). */
    public void ensureRecipients(Collection<UUID> userIds) {
        jdbc.update("insert into recipients (user_id) select unnest(?::uuid[]) order by 1 on conflict do nothing",
                uuidArray(userIds));
    }

    /** Sets a person's address and name (a registration), making their row when needed. */
    public void register(UUID userId, String email, String displayName) {
        jdbc.update("insert into recipients (user_id, email, display_name) values (?, ?, ?) on conflict (user_id) do "
                + "update set email = excluded.email, display_name = excluded.display_name", userId, email,
                displayName);
    }

    public Map<UUID, RecipientRow> recipients(Collection<UUID> userIds) {
        Map<UUID, RecipientRow> rows = new HashMap<>();
        jdbc.query("select user_id, email, display_name, time_zone, quiet_start_minute, quiet_end_minute "
                + "from recipients where user_id = any(?::uuid[])", rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    rows.put(id, new RecipientRow(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getInt(6)));
                }, uuidArray(userIds));
        return rows;
    }

    public Optional<String> displayName(UUID userId) {
        return jdbc.query("select display_name from recipients where user_id = ?",
                rs -> rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty(), userId);
    }

    public void setSchedule(UUID userId, String timeZone, int quietStart, int quietEnd) {
        jdbc.update("update recipients set time_zone = ?, quiet_start_minute = ?, quiet_end_minute = ? "
                + "where user_id = ?", timeZone, quietStart, quietEnd, userId);
    }

    // ---- preferences and mutes

    /** The kinds each person changed from the defaults: user → kind → {in_app, email}. */
    public Map<UUID, Map<String, boolean[]>> preferences(Collection<UUID> userIds) {
        Map<UUID, Map<String, boolean[]>> result = new HashMap<>();
        jdbc.query("select user_id, kind, in_app, email from kind_preferences where user_id = any(?::uuid[])",
                rs -> {
                    result.computeIfAbsent(rs.getObject(1, UUID.class), key -> new HashMap<>())
                            .put(rs.getString(2), new boolean[] {rs.getBoolean(3), rs.getBoolean(4)});
                }, uuidArray(userIds));
        return result;
    }

    public void setPreference(UUID userId, String kind, boolean inApp, boolean email) {
        jdbc.update("insert into kind_preferences (user_id, kind, in_app, email) values (?, ?, ?, ?) "
                + "on conflict (user_id, kind) do update set in_app = excluded.in_app, email = excluded.email",
                userId, kind, inApp, email);
    }

    /** Of {@code userIds}, those who muted {@code conversationId}. */
    public Set<UUID> mutedBy(UUID conversationId, Collection<UUID> userIds) {
        return Set.copyOf(jdbc.query("select user_id from muted_conversations where conversation_id = ? "
                + "and user_id = any(?::uuid[])", (rs, n) -> rs.getObject(1, UUID.class), conversationId,
                uuidArray(userIds)));
    }

    public void mute(UUID userId, UUID conversationId, Instant at) {
        jdbc.update("insert into muted_conversations (user_id, conversation_id, muted_at) values (?, ?, ?) "
                + "on conflict do nothing", userId, conversationId, Timestamp.from(at));
    }

    public void unmute(UUID userId, UUID conversationId) {
        jdbc.update("delete from muted_conversations where user_id = ? and conversation_id = ?", userId,
                conversationId);
    }

    public List<UUID> muted(UUID userId, int limit) {
        return jdbc.query("select conversation_id from muted_conversations where user_id = ? "
                + "order by muted_at desc, conversation_id limit ?", (rs, n) -> rs.getObject(1, UUID.class), userId,
                limit);
    }

    // ---- conversation members and group names (projections)

    public void addMember(UUID conversationId, UUID userId) {
        jdbc.update("insert into conversation_members (conversation_id, user_id) values (?, ?) on conflict do nothing",
                conversationId, userId);
    }

    public void removeMember(UUID conversationId, UUID userId) {
        jdbc.update("delete from conversation_members where conversation_id = ? and user_id = ?", conversationId,
                userId);
    }

    public List<UUID> members(UUID conversationId) {
        return jdbc.query("select user_id from conversation_members where conversation_id = ?",
                (rs, n) -> rs.getObject(1, UUID.class), conversationId);
    }

    public void nameGroup(UUID groupId, String name) {
        jdbc.update("insert into group_names (group_id, name) values (?, ?) on conflict (group_id) do update "
                + "set name = excluded.name", groupId, name);
    }

    public Optional<String> groupName(UUID groupId) {
        return jdbc.query("select name from group_names where group_id = ?",
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty(), groupId);
    }

    // ---- notifications

    /**
     * Takes the next id of each person, locking their rows in one order (so two transactions never wait on each
     * other in a cycle), and counts one more unread for those {@code unread} names. Returns user → new id.
     */
    public Map<UUID, long[]> nextIds(Collection<UUID> userIds, Set<UUID> unread) {
        Map<UUID, long[]> ids = new HashMap<>();
        jdbc.query("with locked as (select user_id from recipients where user_id = any(?::uuid[]) order by user_id "
                + "for update) update recipients r set last_id = r.last_id + 1, unread_count = r.unread_count + "
                + "case when r.user_id = any(?::uuid[]) then 1 else 0 end from locked where r.user_id = locked.user_id "
                + "returning r.user_id, r.last_id, r.unread_count", rs -> {
                    ids.put(rs.getObject(1, UUID.class), new long[] {rs.getLong(2), rs.getLong(3)});
                }, uuidArray(userIds), uuidArray(unread));
        return ids;
    }

    /** Inserts the rows in one statement. */
    public void insert(List<NotificationRow> rows, List<Long> emailIds, List<Boolean> inApp) {
        int n = rows.size();
        Object[] users = new Object[n];
        Long[] ids = new Long[n];
        String[] kinds = new String[n];
        String[] titles = new String[n];
        String[] bodies = new String[n];
        Timestamp[] created = new Timestamp[n];
        Timestamp[] read = new Timestamp[n];
        Object[][] refs = new Object[6][n];
        Long[] emails = new Long[n];
        Boolean[] shown = inApp.toArray(new Boolean[0]);
        for (int i = 0; i < n; i++) {
            NotificationRow row = rows.get(i);
            users[i] = row.userId();
            ids[i] = row.id();
            kinds[i] = row.kind();
            titles[i] = row.title();
            bodies[i] = row.body();
            created[i] = Timestamp.from(row.createdAt());
            read[i] = row.readAt() == null ? null : Timestamp.from(row.readAt());
            refs[0][i] = row.actorUserId();
            refs[1][i] = row.conversationId();
            refs[2][i] = row.messageId();
            refs[3][i] = row.groupId();
            refs[4][i] = row.sectionId();
            refs[5][i] = row.targetUserId();
            emails[i] = emailIds.get(i);
        }
        jdbc.execute((java.sql.Connection connection) -> {
            try (var statement = connection.prepareStatement("insert into notifications (user_id, id, kind, title, "
                    + "body, created_at, read_at, actor_user_id, conversation_id, message_id, group_id, section_id, "
                    + "target_user_id, email_id, in_app) select * from unnest(?::uuid[], ?::bigint[], ?::varchar[], "
                    + "?::varchar[], ?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::uuid[], ?::uuid[], "
                    + "?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::bigint[], ?::boolean[])")) {
                statement.setArray(1, connection.createArrayOf("uuid", users));
                statement.setArray(2, connection.createArrayOf("bigint", ids));
                statement.setArray(3, connection.createArrayOf("varchar", kinds));
                statement.setArray(4, connection.createArrayOf("varchar", titles));
                statement.setArray(5, connection.createArrayOf("varchar", bodies));
                statement.setArray(6, connection.createArrayOf("timestamptz", created));
                statement.setArray(7, connection.createArrayOf("timestamptz", read));
                for (int r = 0; r < 6; r++) {
                    statement.setArray(8 + r, connection.createArrayOf("uuid", refs[r]));
                }
                statement.setArray(14, connection.createArrayOf("bigint", emails));
                statement.setArray(15, connection.createArrayOf("boolean", shown));
                statement.executeUpdate();
            }
            return null;
        });
    }

    /** A page of a person's notifications, newest first, with ids below {@code beforeId} (0: from the newest). */
    public List<NotificationRow> page(UUID userId, boolean unreadOnly, long beforeId, int limit) {
        return jdbc.query("select " + NOTIFICATION_COLUMNS + " from notifications where user_id = ? and in_app and id < ? "
                + (unreadOnly ? "and read_at is null " : "") + "order by id desc limit ?", NOTIFICATION, userId,
                beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit);
    }

    /** A person's notifications after {@code afterId}, oldest first, at most {@code limit} (the newest of them). */
    public List<NotificationRow> after(UUID userId, long afterId, int limit) {
        List<NotificationRow> newestFirst = jdbc.query("select " + NOTIFICATION_COLUMNS + " from notifications "
                + "where user_id = ? and in_app and id > ? order by id desc limit ?", NOTIFICATION, userId, afterId, limit);
        List<NotificationRow> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    public long lastId(UUID userId) {
        Long last = jdbc.query("select last_id from recipients where user_id = ?",
                rs -> rs.next() ? rs.getLong(1) : 0L, userId);
        return last == null ? 0 : last;
    }

    public long unreadCount(UUID userId) {
        Long count = jdbc.query("select unread_count from recipients where user_id = ?",
                rs -> rs.next() ? rs.getLong(1) : 0L, userId);
        return count == null ? 0 : count;
    }

    /** How many of {@code ids} are notifications of {@code userId}. */
    public int countOwned(UUID userId, Collection<Long> ids) {
        Integer count = jdbc.queryForObject("select count(*) from notifications where user_id = ? and in_app and id = any(?)",
                Integer.class, userId, longArray(ids));
        return count == null ? 0 : count;
    }

    /** Marks read those of {@code ids} (or all up to {@code upToId}) that are unread; returns the unread left. */
    public long markRead(UUID userId, Collection<Long> ids, long upToId, Instant at) {
        jdbc.queryForObject("select user_id from recipients where user_id = ? for update", UUID.class, userId);
        int marked = ids == null
                ? jdbc.update("update notifications set read_at = ? where user_id = ? and in_app and read_at is null and id <= ?",
                        Timestamp.from(at), userId, upToId <= 0 ? Long.MAX_VALUE : upToId)
                : jdbc.update("update notifications set read_at = ? where user_id = ? and in_app and read_at is null "
                        + "and id = any(?)", Timestamp.from(at), userId, longArray(ids));
        Long left = jdbc.queryForObject("update recipients set unread_count = unread_count - ? where user_id = ? "
                + "returning unread_count", Long.class, marked, userId);
        return left == null ? 0 : left;
    }

    public boolean recipientExists(UUID userId) {
        Integer count = jdbc.queryForObject("select count(*) from recipients where user_id = ?", Integer.class, userId);
        return count != null && count > 0;
    }

    // ---- e-mail

    /**
     * The id of each person's pending e-mail, making one due at {@code dueAt.get(user)} for those who have none (a
     * pending one takes the new notifications as they come: a burst becomes one digest).
     */
    public Map<UUID, Long> pendingEmails(Map<UUID, Instant> dueAt, Instant now) {
        Map<UUID, Long> result = new HashMap<>();
        if (dueAt.isEmpty()) {
            return result;
        }
        List<UUID> users = new ArrayList<>(dueAt.keySet());
        Timestamp[] due = users.stream().map(user -> Timestamp.from(dueAt.get(user))).toArray(Timestamp[]::new);
        jdbc.execute((java.sql.Connection connection) -> {
            try (var statement = connection.prepareStatement("insert into emails (user_id, created_at, due_at) "
                    + "select u, ?, d from unnest(?::uuid[], ?::timestamptz[]) as t(u, d) order by u "
                    + "on conflict (user_id) where state = 'PENDING' do nothing")) {
                statement.setTimestamp(1, Timestamp.from(now));
                statement.setArray(2, connection.createArrayOf("uuid", users.toArray()));
                statement.setArray(3, connection.createArrayOf("timestamptz", due));
                statement.executeUpdate();
            }
            return null;
        });
        jdbc.query("select user_id, id from emails where state = 'PENDING' and user_id = any(?::uuid[])",
                rs -> {
                    result.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }, uuidArray(users));
        return result;
    }

    /** A pending e-mail whose time has come, locked for this transaction (others skip it); empty when none is. */
    public Optional<EmailRow> claimDueEmail(Instant now) {
        return jdbc.query("select id, user_id, attempts, created_at from emails where state = 'PENDING' "
                + "and due_at <= ? order by due_at limit 1 for update skip locked", rs -> rs.next()
                ? Optional.of(new EmailRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getTimestamp(4).toInstant()))
                : Optional.<EmailRow>empty(), Timestamp.from(now));
    }

    /** The notifications of an e-mail that are still unread, oldest first. */
    public List<NotificationRow> unreadOfEmail(long emailId) {
        return jdbc.query("select " + NOTIFICATION_COLUMNS + " from notifications where email_id = ? "
                + "and read_at is null order by created_at, id", NOTIFICATION, emailId);
    }

    public void emailDone(long emailId, String state, Instant at) {
        jdbc.update("update emails set state = ?, sent_at = ? where id = ?", state, Timestamp.from(at), emailId);
    }

    public void emailFailed(long emailId, int attempts, String error, Instant retryAt, boolean giveUp) {
        jdbc.update("update emails set attempts = ?, last_error = ?, due_at = ?, state = ? where id = ?", attempts,
                error.length() > 500 ? error.substring(0, 500) : error, Timestamp.from(retryAt),
                giveUp ? "FAILED" : "PENDING", emailId);
    }

    /** How many e-mails of a person are in {@code state} (for tests and diagnostics). */
    public int emailsIn(UUID userId, String state) {
        Integer count = jdbc.queryForObject("select count(*) from emails where user_id = ? and state = ?",
                Integer.class, userId, state);
        return count == null ? 0 : count;
    }

    private static Object uuidArray(Collection<UUID> ids) {
        return ids.toArray(new UUID[0]);
    }

    private static Long[] longArray(Collection<Long> ids) {
        return ids.toArray(new Long[0]);
    }

    private static NotificationRow notification(ResultSet rs, int n) throws SQLException {
        Timestamp read = rs.getTimestamp(7);
        return new NotificationRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getTimestamp(6).toInstant(), read == null ? null : read.toInstant(),
                rs.getObject(8, UUID.class), rs.getObject(9, UUID.class), rs.getObject(10, UUID.class),
                rs.getObject(11, UUID.class), rs.getObject(12, UUID.class), rs.getObject(13, UUID.class));
    }

}
