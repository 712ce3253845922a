package dev.cohort.moderation.store;

import dev.cohort.moderation.domain.AuditChain;
import dev.cohort.moderation.domain.AuditCheckpoint;
import dev.cohort.moderation.domain.AuditRecord;
import dev.cohort.moderation.domain.ChainVerification;
import dev.cohort.moderation.domain.ChainedEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit log's table (ADR 0056): appends chain each entry after the head under the head row's lock, so two
 * appends never chain after the same entry; entries are never updated or deleted (a trigger refuses it).
 */
public final class AuditLog {

    private static final String COLUMNS = "sequence, kind, actor_user_id, subject, occurred_at, recorded_at, event_id, "
            + "details, previous_hash, hash";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Appends {@code record} unless an entry of its event is there already; must run in a transaction (the head's
     * lock is held to its end). Returns the new entry, or empty for an event recorded before.
     */
    public Optional<ChainedEntry> append(AuditRecord record) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("AuditLog.append must run in a transaction");
        }
        JdbcTemplate plain = jdbc.getJdbcTemplate();
        Head head = plain.queryForObject("select last_sequence, last_hash from audit_head for update",
                (rs, row) -> new Head(rs.getLong(1), rs.getBytes(2)));
        Boolean known = plain.queryForObject("select exists (select 1 from audit_entries where event_id = ?)",
                Boolean.class, record.eventId());
        if (Boolean.TRUE.equals(known)) {
            return Optional.empty();
        }
        ChainedEntry entry = AuditChain.chain(head.sequence() + 1, record, clock.instant(), head.hash());
        plain.update("insert into audit_entries (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry.sequence(), record.kind(), record.actor(), record.subject(),
                Timestamp.from(entry.record().occurredAt()), Timestamp.from(entry.recordedAt()), record.eventId(),
                record.details(), entry.previousHash(), entry.hash());
        plain.update("update audit_head set last_sequence = ?, last_hash = ?", entry.sequence(), entry.hash());
        return Optional.of(entry);
    }

    /** Entries matching {@code filter}, newest first, before sequence {@code before} (exclusive; 0 for no bound). */
    public List<ChainedEntry> find(AuditFilter filter, long before, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_entries where true");
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        if (filter.actor() != null) {
            sql.append(" and actor_user_id = :actor");
            params.addValue("actor", filter.actor());
        }
        if (filter.subject() != null) {
            sql.append(" and subject = :subject");
            params.addValue("subject", filter.subject());
        }
        if (filter.kind() != null) {
            sql.append(" and kind = :kind");
            params.addValue("kind", filter.kind());
        }
        if (filter.from() != null) {
            sql.append(" and occurred_at >= :from");
            params.addValue("from", Timestamp.from(filter.from()));
        }
        if (filter.until() != null) {
            sql.append(" and occurred_at < :until");
            params.addValue("until", Timestamp.from(filter.until()));
        }
        if (before > 0) {
            sql.append(" and sequence < :before");
            params.addValue("before", before);
        }
        sql.append(" order by sequence desc limit :limit");
        return jdbc.query(sql.toString(), params, (rs, row) -> entry(rs));
    }

    /** Walks the whole log in order into {@code verification}, stopping at the first break, then checks the head. */
    public void verify(ChainVerification verification) {
        JdbcTemplate plain = jdbc.getJdbcTemplate();
        List<ChainedEntry> batch = new ArrayList<>();
        long after = 0;
        // In batches by sequence: a long log is never held in memory, and no cursor stays open across it.
        while (true) {
            batch.clear();
            plain.query("select " + COLUMNS + " from audit_entries where sequence > ? order by sequence limit 1000",
                    (RowCallbackHandler) rs -> batch.add(entry(rs)), after);
            for (ChainedEntry entry : batch) {
                if (!verification.accept(entry)) {
                    return;
                }
            }
            if (batch.size() < 1000) {
                break;
            }
            after = batch.get(batch.size() - 1).sequence();
        }
        Head head = plain.queryForObject("select last_sequence, last_hash from audit_head",
                (rs, row) -> new Head(rs.getLong(1), rs.getBytes(2)));
        verification.finish(head.sequence(), head.hash());
    }

    /** The log's head now, as a checkpoint to keep elsewhere; empty while the log is empty. */
    public Optional<AuditCheckpoint> head() {
        Head head = jdbc.getJdbcTemplate().queryForObject("select last_sequence, last_hash from audit_head",
                (rs, row) -> new Head(rs.getLong(1), rs.getBytes(2)));
        return head.sequence() == 0 ? Optional.empty()
                : Optional.of(new AuditCheckpoint(head.sequence(), head.hash(), clock.instant()));
    }

    private static ChainedEntry entry(ResultSet rs) throws SQLException {
        AuditRecord record = new AuditRecord(rs.getString("kind"), rs.getObject("actor_user_id", UUID.class),
                rs.getString("subject"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getObject("event_id", UUID.class), rs.getString("details"));
        return new ChainedEntry(rs.getLong("sequence"), record, rs.getTimestamp("recorded_at").toInstant(),
                rs.getBytes("previous_hash"), rs.getBytes("hash"));
    }

    private record Head(long sequence, byte[] hash) {
    }
}
