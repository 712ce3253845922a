package dev.cohort.bench.chat;

import dev.cohort.bench.support.JitWarmup;
import dev.cohort.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The persistence limit for one-message-per-transaction writing: a plain JDBC loop on one connection, autocommit,
 * inserting the rows chat stores for a message (same table, same columns, same text length, same indexes and
 * constraints: the service's own {@code messages} table) into a conversation of their own, one row per transaction.
 * Each insert is one commit, so the figure is about the database's commit rate (fsync), which is what batching
 * commits across concurrent senders has to beat.
 */
final class JdbcLimit {

    static final String INSERT = "insert into messages (id, conversation_id, sequence, author_id, client_message_id, "
            + "text, mentions, thread_root_id, reply_count, pinned, created_at) "
            + "values (?, ?, ?, ?, ?, ?, null, null, 0, false, ?)";

    private static final long WARMUP_STEP_NANOS = 1_000_000_000L;

    private JdbcLimit() {
    }

    /** Rows committed and the time they took. */
    record Result(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    static Result run(TestDatabase database, String conversationId, UUID author, int textBytes, JitWarmup warmup,
                      Duration duration) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(true);
            UUID conversation = UUID.fromString(conversationId);
            long sequence = 0;
            // Inserts until the warm-up is over, checking the compiler once a second.
            long nextStep = System.nanoTime() + WARMUP_STEP_NANOS;
            while (!warmup.over()) {
                insert(insert, conversation, ++sequence, author, textBytes);
                if (System.nanoTime() >= nextStep) {
                    warmup.step();
                    nextStep += WARMUP_STEP_NANOS;
                }
            }
            long rows = 0;
            long started = System.nanoTime();
            long end = started + duration.toNanos();
            long now = started;
            while (now < end) {
                insert(insert, conversation, ++sequence, author, textBytes);
                rows++;
                now = System.nanoTime();
            }
            return new Result(rows, (now - started) / 1e9);
        } catch (SQLException failed) {
            throw new IllegalStateException("JDBC limit failed", failed);
        }
    }

    private static void insert(PreparedStatement insert, UUID conversation, long sequence, UUID author, int textBytes)
            throws SQLException {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, conversation);
        insert.setLong(3, sequence);
        insert.setObject(4, author);
        insert.setString(5, "jdbc-" + sequence);
        insert.setString(6, BenchText.timed(System.nanoTime(), textBytes));
        insert.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
        insert.executeUpdate();
    }
}
