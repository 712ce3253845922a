package dev.cohort.events.consumer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies an event's effect exactly once per consumer, although Kafka delivers at least once: the event id is
 * recorded in {@code cohort_events.processed_events} in the same transaction as the effect, so a redelivery finds it
 * there and is skipped, and a failed effect leaves no record and is retried.
 */
public final class ProcessedEvents {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public ProcessedEvents(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Runs {@code effect} in a transaction unless {@code consumer} already applied {@code eventId}. */
    public boolean applyOnce(String consumer, String eventId, Runnable effect) {
        Boolean applied = transactions.execute(status -> {
            int inserted = jdbc.update("insert into cohort_events.processed_events (consumer, event_id) values (?, ?::uuid) "
                    + "on conflict do nothing", consumer, eventId);
            if (inserted == 0) {
                return false;
            }
            effect.run();
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    /**
     * Records {@code eventIds} as applied by {@code consumer} in one statement and answers those that were not
     * recorded yet (an id given twice counts once): the caller applies exactly their effects, in the same
     * transaction, which must be open (a batch's worth of {@link #applyOnce} in one round trip).
     */
    public Set<UUID> recordFirstApplications(String consumer, List<UUID> eventIds) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("record first applications inside the transaction of their effects");
        }
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("insert into cohort_events.processed_events (consumer, event_id) "
                        + "select ?, id from unnest(?::uuid[]) id on conflict do nothing returning event_id",
                UUID.class, consumer, eventIds.toArray(UUID[]::new)));
    }

    /** Whether the consumer has applied the event (for tests and diagnostics). */
    public boolean isApplied(String consumer, String eventId) {
        Integer count = jdbc.queryForObject("select count(*) from cohort_events.processed_events where consumer = ? and event_id = ?::uuid",
                Integer.class, consumer, eventId);
        return count != null && count > 0;
    }
}
