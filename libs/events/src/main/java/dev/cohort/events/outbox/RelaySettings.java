package dev.cohort.events.outbox;

import java.time.Duration;

/**
 * How the relay works: how often it looks for new rows, how many it publishes per partition and round, how long
 * it waits for Kafka's acknowledgements and how far it backs off while Kafka is unreachable. With wake-ups on
 * commit ({@link OutboxWakeups}) the poll interval only bounds how late a missed wake-up is made up for.
 */
public record RelaySettings(Duration pollInterval, int batchSize, Duration sendTimeout, Duration maxBackoff) {

    public RelaySettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch size must be between 1 and 10000");
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || maxBackoff.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("poll interval must be positive and not above the maximum backoff");
        }
    }

    public static RelaySettings defaults() {
        return new RelaySettings(Duration.ofMillis(200), 500, Duration.ofSeconds(15), Duration.ofSeconds(10));
    }
}
