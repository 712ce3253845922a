package dev.cohort.bench.chat;

import dev.cohort.chat.app.DeliveryProbe;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where a benchmark message's time goes: the chat service's {@link DeliveryProbe}, installed in every instance of
 * the run, records for each stage the time from the send's due time (the stamp in its text) to the moment the
 * message reached that stage. Read beside send→ack and send→receive (the client's own stamps), the cumulative
 * percentiles show which stage a slow delivery lost its time in: the tail grows where a percentile jumps from one
 * stage to the next. Recording is one HdrHistogram {@code Recorder} write (wait-free) per stage and message; for
 * {@link DeliveryProbe.Stage#WRITTEN}, which comes once per recipient stream (100,000 times a second and more), only
 * every {@value #WRITTEN_EVERY}th write of each writer thread is recorded: a profile of a 100-subscriber run put the
 * shared histogram's writes at a tenth of the stream writers' CPU when every one was. Which writes are recorded
 * does not depend on their latency, so the percentiles stay those of all of them. Texts without a stamp (probes)
 * cost one prefix test.
 */
final class DeliveryStages implements DeliveryProbe {

    static final int WRITTEN_EVERY = 8;

    private final EnumMap<Stage, LatencyHistogram> stages = new EnumMap<>(Stage.class);
    private final ThreadLocal<int[]> writes = ThreadLocal.withInitial(() -> new int[1]);

    DeliveryStages() {
        for (Stage stage : Stage.values()) {
            stages.put(stage, new LatencyHistogram());
        }
    }

    @Override
    public void reached(Stage stage, String text) {
        if (stage == Stage.WRITTEN && ++writes.get()[0] % WRITTEN_EVERY != 0) {
            return;
        }
        long now = System.nanoTime();
        long sent = BenchText.sentNanos(text);
        if (sent != BenchText.NOT_TIMED) {
            stages.get(stage).record(now - sent);
        }
    }

    /** Starts a window: forgets what was recorded so far. */
    void reset() {
        stages.values().forEach(LatencyHistogram::reset);
    }

    /** What was recorded since {@link #reset()}, per stage in stage order. */
    Map<Stage, LatencyHistogram.Summary> drain() {
        Map<Stage, LatencyHistogram.Summary> window = new EnumMap<>(Stage.class);
        stages.forEach((stage, histogram) -> window.put(stage, histogram.drain()));
        return window;
    }
}
