package dev.cohort.reliability.support;

import dev.cohort.testkit.TestDatabase;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads what chat committed, straight from its database: the ground truth a scenario compares the clients' view
 * and the consumers' state with (read-only, apart from the fault injections a scenario names).
 */
public final class ChatDatabase {

    /** One stored message. */
    public record StoredMessage(UUID id, UUID conversationId, long sequence, UUID authorId, String clientMessageId) {
    }

    private final JdbcTemplate jdbc;

    public ChatDatabase(TestDatabase database) {
        jdbc = new JdbcTemplate(database.dataSource());
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Every message of these conversations, in conversation and sequence order. */
    public List<StoredMessage> messagesOf(Collection<UUID> conversations) {
        return jdbc.query("select id, conversation_id, sequence, author_id, client_message_id from messages "
                        + "where conversation_id = any(?) order by conversation_id, sequence",
                (rs, n) -> new StoredMessage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3),
                        rs.getObject(4, UUID.class), rs.getString(5)),
                (Object) conversations.toArray(UUID[]::new));
    }

    /** The conversation's {@code last_sequence}: the newest sequence handed out. */
    public long lastSequence(UUID conversation) {
        Long last = jdbc.queryForObject("select last_sequence from conversations where id = ?", Long.class,
                conversation);
        return last == null ? 0 : last;
    }

    /** Outbox rows of these conversations' events on {@code topic} not yet published (the relay deletes the rest). */
    public long unpublishedEvents(String topic, Collection<UUID> conversations) {
        Long count = jdbc.queryForObject("select count(*) from cohort_events.outbox where topic = ? "
                        + "and record_key = any(?)", Long.class, topic,
                conversations.stream().map(UUID::toString).toArray(String[]::new));
        return count == null ? 0 : count;
    }
}
