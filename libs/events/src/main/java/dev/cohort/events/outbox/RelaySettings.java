package dev.cohort.events.outbox;

import java.time.Duration;

/**
 * How the relay works: how often it looks for new rows, how many it publishes per partition and round, how long
 * it waits for Kafka's acknowledgements, how far it backs off while Kafka is unreachable, and how many rounds run
 * at once ({@code workers}, each on its own share of the outbox partitions). With wake-ups on
 * commit ({@link OutboxWakeups}) the poll interval only bounds how late a missed wake-up is made up for.
 */
public record RelaySettings(Duration pollInterval, int batchSize, Duration sendTimeout, Duration maxBackoff,
                            int workers) {

    /**
     * One round at a time by default: two rounds in flight (one claiming and sending while the other waits for
     * Kafka) were not shown to help on the shared benchmark machine, where the two claims slowed each other down
     * (bench/events README).
     */
    public static final int DEFAULT_WORKERS = 1;

    public RelaySettings {
        if (workers < 1 || workers > Outbox.PARTITIONS) {
            throw new IllegalArgumentException("workers must be between 1 and " + Outbox.PARTITIONS);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch size must be between 1 and 10000");
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || maxBackoff.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("poll interval must be positive and not above the maximum backoff");
        }
    }

    public RelaySettings(Duration pollInterval, int batchSize, Duration sendTimeout, Duration maxBackoff) {
        this(pollInterval, batchSize, sendTimeout, maxBackoff, DEFAULT_WORKERS);
    }

    public static RelaySettings defaults() {
        return new RelaySettings(Duration.ofMillis(200), 500, Duration.ofSeconds(15), Duration.ofSeconds(10));
    }
}
