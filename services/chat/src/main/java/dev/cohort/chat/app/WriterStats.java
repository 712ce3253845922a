package dev.cohort.chat.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the message writer reports about its group commits: how many batches, how many messages in them, and how
 * long their transactions took. Read directly (the benchmark prints it beside its figures) or as Micrometer
 * meters when the application has a registry.
 */
public final class WriterStats {

    private final LongAdder batches = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    /** Batches that took longer than 50 ms: the database or the machine stalled (a checkpoint, a starved CPU). */
    private final LongAdder slow = new LongAdder();

    /** The time beyond which a batch counts as slow. */
    public static final long SLOW_NANOS = 50_000_000L;

    /** Counts one batch transaction of {@code size} sends that took {@code elapsedNanos}, committed or not. */
    void batch(int size, long elapsedNanos) {
        batches.increment();
        messages.add(size);
        nanos.add(elapsedNanos);
        if (elapsedNanos > SLOW_NANOS) {
            slow.increment();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(batches.sum(), messages.sum(), nanos.sum(), slow.sum());
    }

    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("chat.writer.batches", batches, LongAdder::sum)
                .description("Group-commit transactions of the message writer").register(registry);
        FunctionCounter.builder("chat.writer.batched.sends", messages, LongAdder::sum)
                .description("Sends written in those transactions").register(registry);
        FunctionCounter.builder("chat.writer.batch.seconds", nanos, adder -> adder.sum() / 1e9)
                .description("Time spent in those transactions, over all lanes").register(registry);
        FunctionCounter.builder("chat.writer.slow.batches", slow, LongAdder::sum)
                .description("Group-commit transactions that took longer than 50 ms").register(registry);
    }

    /** The counts at one moment; the difference of two is what happened between them. */
    public record Snapshot(long batches, long sends, long nanos, long slowBatches) {

        public Snapshot since(Snapshot earlier) {
            return new Snapshot(batches - earlier.batches, sends - earlier.sends, nanos - earlier.nanos,
                    slowBatches - earlier.slowBatches);
        }

        public double sendsPerBatch() {
            return batches == 0 ? 0 : (double) sends / batches;
        }

        public double millisPerBatch() {
            return batches == 0 ? 0 : nanos / 1e6 / batches;
        }
    }
}
