package dev.cohort.bench.search;

import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.search.store.IndexWrites;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * PostgreSQL's own limit of the index lag: the consumer's database work for each message (the same classes:
 * {@link ProcessedEvents#applyOnce} around {@link IndexWrites#messagePosted}, one transaction each, one thread)
 * straight over JDBC at the same rate, without Kafka; each write's latency is from the moment it was due to its
 * commit, so falling behind the rate shows as it would in the lag.
 */
final class WriteLimitPass {

    private final Corpus corpus;
    private final ProcessedEvents processed;
    private final IndexWrites writes;

    WriteLimitPass(Corpus corpus, ProcessedEvents processed, IndexWrites writes) {
        this.corpus = corpus;
        this.processed = processed;
        this.writes = writes;
    }

    /** Latencies of the writes in milliseconds. */
    double[] run(int rate, Duration duration, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int total = (int) (rate * duration.toSeconds());
        double[] latencies = new double[total];
        long started = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = started + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int c = random.nextInt(corpus.conversations.length);
            long sequence;
            synchronized (corpus) {
                sequence = ++corpus.nextSequence[c];
            }
            UUID author = corpus.users[corpus.members[c][random.nextInt(corpus.members[c].length)]];
            String text = corpus.vocabulary.sentence(random, 6, 24);
            processed.applyOnce("bench-write-limit", UUID.randomUUID().toString(), () -> writes.messagePosted(
                    UUID.randomUUID(), Corpus.LANGUAGE, corpus.conversations[c], sequence, author, text,
                    Instant.now()));
            latencies[i] = (System.nanoTime() - due) / 1e6;
        }
        return latencies;
    }

    static double percentile(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
