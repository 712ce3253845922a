package dev.cohort.reliability.support;

import dev.cohort.events.outbox.Outbox;
import dev.cohort.events.outbox.OutboxRelay;
import dev.cohort.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

    /** An outbox partition held back from the relay until {@link #close()}. */
    public interface HeldPartition extends AutoCloseable {
        int partition();

        @Override
        void close() throws SQLException;
    }

    private final TestDatabase database;
    private final JdbcTemplate jdbc;

    public ChatDatabase(TestDatabase database) {
        this.database = database;
        jdbc = new JdbcTemplate(database.dataSource());
    }

    /**
     * Holds the relay's lock of the outbox partition {@code key} falls in, on a connection of its own, so no relay
     * round publishes that partition's rows until the hold is closed (or its connection dies); the other
     * partitions are published as usual. A fault injection: it makes "committed but not yet published" certain at
     * a chosen moment instead of a matter of timing.
     */
    public HeldPartition holdOutboxPartitionOf(String key) throws SQLException {
        int partition = Outbox.partitionOf(key);
        Connection connection = database.dataSource().getConnection();
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, OutboxRelay.partitionLock(partition));
            lock.execute();
        } catch (SQLException failed) {
            connection.close();
            throw failed;
        }
        return new HeldPartition() {
            @Override
            public int partition() {
                return partition;
            }

            @Override
            public void close() throws SQLException {
                try (connection; PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                    unlock.setLong(1, OutboxRelay.partitionLock(partition));
                    unlock.execute();
                }
            }
        };
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
