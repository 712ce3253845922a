package dev.cohort.chat.store;

import static dev.cohort.chat.store.Sql.instant;
import static dev.cohort.chat.store.Sql.time;
import static dev.cohort.chat.store.Sql.uuid;

import dev.cohort.chat.domain.Mention;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Messages in PostgreSQL. Writes must run inside the caller's transaction. */
public class MessageStore {

    private static final RowMapper<MessageRow> MESSAGE = (row, n) -> new MessageRow(uuid(row, "id"),
            uuid(row, "conversation_id"), row.getLong("sequence"), uuid(row, "author_id"),
            row.getString("client_message_id"), row.getString("text"), MentionCodec.decode(row.getString("mentions")),
            uuid(row, "thread_root_id"), row.getInt("reply_count"), row.getBoolean("pinned"),
            instant(row, "created_at"), instant(row, "edited_at"), instant(row, "deleted_at"), uuid(row, "deleted_by"),
            uuid(row, "imported_by"));

    private final JdbcTemplate jdbc;

    public MessageStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MessageRow> find(UUID id) {
        return jdbc.query("select * from messages where id = ?", MESSAGE, id).stream().findFirst();
    }

    /** The message, locked until the transaction ends (edits, deletes and pins of one message are serial). */
    public Optional<MessageRow> lock(UUID id) {
        return jdbc.query("select * from messages where id = ? for update", MESSAGE, id).stream().findFirst();
    }

    public List<MessageRow> findAll(Collection<UUID> ids) {
        return jdbc.query("select * from messages where id = any(?)", MESSAGE, (Object) ids.toArray(UUID[]::new));
    }

    /** Messages with a sequence below {@code beforeSequence}, newest first. */
    public List<MessageRow> before(UUID conversationId, long beforeSequence, int limit, boolean pinnedOnly) {
        return jdbc.query("select * from messages where conversation_id = ? and sequence < ?"
                        + (pinnedOnly ? " and pinned" : "") + " order by sequence desc limit ?",
                MESSAGE, conversationId, beforeSequence, limit);
    }

    /** The conversation's newest message, if it has any. */
    public Optional<MessageRow> newest(UUID conversationId) {
        return before(conversationId, Long.MAX_VALUE, 1, false).stream().findFirst();
    }

    /** Messages with a sequence above {@code afterSequence}, oldest first. */
    public List<MessageRow> after(UUID conversationId, long afterSequence, int limit) {
        return jdbc.query("select * from messages where conversation_id = ? and sequence > ? order by sequence limit ?",
                MESSAGE, conversationId, afterSequence, limit);
    }

    /** Replies in a thread after {@code afterSequence}, oldest first. */
    public List<MessageRow> replies(UUID rootId, long afterSequence, int limit) {
        return jdbc.query("select * from messages where thread_root_id = ? and sequence > ? order by sequence limit ?",
                MESSAGE, rootId, afterSequence, limit);
    }

    /** The newest message of each conversation. */
    public Map<UUID, MessageRow> newest(Collection<UUID> conversationIds) {
        List<MessageRow> rows = jdbc.query("select m.* from conversations c join messages m "
                        + "on m.conversation_id = c.id and m.sequence = c.last_sequence where c.id = any(?)",
                MESSAGE, (Object) conversationIds.toArray(UUID[]::new));
        return rows.stream().collect(java.util.stream.Collectors.toMap(MessageRow::conversationId, row -> row));
    }

    /** Messages after {@code lastRead} by others than {@code userId}, not deleted. */
    public long unread(UUID conversationId, UUID userId, long lastRead) {
        Long count = jdbc.queryForObject("select count(*) from messages where conversation_id = ? and sequence > ? "
                + "and author_id <> ? and deleted_at is null", Long.class, conversationId, lastRead, userId);
        return count == null ? 0 : count;
    }

    /** A (conversation, author, client message id) triple: the idempotency key of a send. */
    public record ClientKey(UUID conversationId, UUID authorId, String clientMessageId) {
    }

    public void edit(UUID id, String text, List<Mention> mentions, Instant at) {
        jdbc.update("update messages set text = ?, mentions = ?, edited_at = ? where id = ?", text,
                MentionCodec.encode(mentions), time(at), id);
    }

    /** Empties a message for good: its text and mentions are gone from the database, not just hidden. */
    public void tombstone(UUID id, UUID by, Instant at) {
        jdbc.update("update messages set text = null, mentions = null, deleted_at = ?, deleted_by = ? where id = ?",
                time(at), by, id);
    }

    public void setPinned(UUID id, boolean pinned) {
        jdbc.update("update messages set pinned = ? where id = ?", pinned, id);
    }
}
