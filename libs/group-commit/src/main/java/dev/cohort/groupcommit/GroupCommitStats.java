package dev.cohort.groupcommit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link GroupCommit} reports about its batches: how many, how many items in them, and how long their
 * writes took. Read directly (a benchmark prints it beside its figures) or as Micrometer meters.
 */
public final class GroupCommitStats {

    /** The time beyond which a batch counts as slow: the database or the machine stalled (a checkpoint, a starved CPU). */
    public static final long SLOW_NANOS = 50_000_000L;

    private final LongAdder batches = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder slow = new LongAdder();

    /** Counts one write of {@code size} items that took {@code elapsedNanos}, whether it succeeded or not. */
    void batch(int size, long elapsedNanos) {
        batches.increment();
        items.add(size);
        nanos.add(elapsedNanos);
        if (elapsedNanos > SLOW_NANOS) {
            slow.increment();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(batches.sum(), items.sum(), nanos.sum(), slow.sum());
    }

    /**
     * Registers the counts as {@code <prefix>.batches}, {@code <prefix>.batched.<itemsName>},
     * {@code <prefix>.batch.seconds} and {@code <prefix>.slow.batches}; e.g. prefix {@code chat.writer} and items
     * name {@code sends} give {@code chat.writer.batched.sends}.
     */
    public void bindTo(MeterRegistry registry, String prefix, String itemsName) {
        FunctionCounter.builder(prefix + ".batches", batches, LongAdder::sum)
                .description("Group-commit batches written (each one transaction)").register(registry);
        FunctionCounter.builder(prefix + ".batched." + itemsName, items, LongAdder::sum)
                .description("Items written in those batches").register(registry);
        FunctionCounter.builder(prefix + ".batch.seconds", nanos, adder -> adder.sum() / 1e9)
                .description("Time spent writing those batches, over all lanes").register(registry);
        FunctionCounter.builder(prefix + ".slow.batches", slow, LongAdder::sum)
                .description("Group-commit batches that took longer than 50 ms").register(registry);
    }

    /** The counts at one moment; the difference of two is what happened between them. */
    public record Snapshot(long batches, long items, long nanos, long slowBatches) {

        public Snapshot since(Snapshot earlier) {
            return new Snapshot(batches - earlier.batches, items - earlier.items, nanos - earlier.nanos,
                    slowBatches - earlier.slowBatches);
        }

        public double itemsPerBatch() {
            return batches == 0 ? 0 : (double) items / batches;
        }

        public double millisPerBatch() {
            return batches == 0 ? 0 : nanos / 1e6 / batches;
        }
    }
}
