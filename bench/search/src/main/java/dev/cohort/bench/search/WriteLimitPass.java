package dev.cohort.bench.search;

import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.search.app.TextLanguages;
import dev.cohort.search.store.IndexWrites;
import dev.cohort.search.store.PostedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * PostgreSQL's own limit of the index lag: the consumer's work for the messages of a poll (the same classes: each
 * message's language detected by {@link TextLanguages}, then {@link ProcessedEvents#recordFirstApplications} and
 * {@link IndexWrites#messagesPosted}, one statement each) straight over JDBC at the same rate, without Kafka, on one
 * thread, whatever is due written in one transaction as the consumer applies a poll's records; each write's latency is from the moment it was due to its commit, so
 * falling behind the rate shows as it would in the lag.
 */
final class WriteLimitPass {

    private final Corpus corpus;
    private final ProcessedEvents processed;
    private final IndexWrites writes;
    private final TextLanguages languages;
    private final TransactionTemplate transactions;

    WriteLimitPass(Corpus corpus, ProcessedEvents processed, IndexWrites writes, TextLanguages languages,
                   TransactionTemplate transactions) {
        this.corpus = corpus;
        this.languages = languages;
        this.transactions = transactions;
        this.processed = processed;
        this.writes = writes;
    }

    /** Latencies of the writes in milliseconds. */
    double[] run(int rate, Duration duration, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int total = (int) (rate * duration.toSeconds());
        double[] latencies = new double[total];
        long started = System.nanoTime();
        int written = 0;
        while (written < total) {
            // Everything due by now, in one transaction (as the consumer applies a poll's records).
            long now = System.nanoTime();
            int due = (int) Math.min(total, (now - started) * rate / 1_000_000_000L + 1);
            if (due <= written) {
                LockSupport.parkNanos(started + (long) (written * 1e9 / rate) - now);
                continue;
            }
            int count = due - written;
            transactions.executeWithoutResult(status -> write(random, count));
            long committed = System.nanoTime();
            for (int i = written; i < due; i++) {
                latencies[i] = (committed - (started + (long) (i * 1e9 / rate))) / 1e6;
            }
            written = due;
        }
        return latencies;
    }

    /** {@code count} new messages, recorded as applied and indexed in one statement each, as the consumer does. */
    private void write(SplittableRandom random, int count) {
        List<UUID> eventIds = new ArrayList<>();
        List<PostedMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int c = random.nextInt(corpus.conversations.length);
            long sequence;
            synchronized (corpus) {
                sequence = ++corpus.nextSequence[c];
            }
            UUID author = corpus.users[corpus.members[c][random.nextInt(corpus.members[c].length)]];
            String text = corpus.vocabulary.sentence(random, 6, 24);
            eventIds.add(UUID.randomUUID());
            messages.add(new PostedMessage(UUID.randomUUID(), languages.of(text), corpus.conversations[c], sequence,
                    author, text, Instant.now()));
        }
        processed.recordFirstApplications("bench-write-limit", eventIds);
        writes.messagesPosted(messages);
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
