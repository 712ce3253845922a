package dev.cohort.bench.chat;

import dev.cohort.chat.app.DeliveryProbe;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where a benchmark message's time goes: the chat service's {@link DeliveryProbe}, installed in every instance of
 * the run, records for each stage the time from the send's due time (the stamp in its text) to the moment the
 * message reached that stage. Read beside send→ack and send→receive (the client's own stamps), the cumulative
 * percentiles show which stage a slow delivery lost its time in: the tail grows where a percentile jumps from one
 * stage to the next. Recording is one HdrHistogram {@code Recorder} write (wait-free) per stage and message, per
 * recipient stream for {@link DeliveryProbe.Stage#WRITTEN}; texts without a stamp (probes) cost one prefix test.
 */
final class DeliveryStages implements DeliveryProbe {

    private final EnumMap<Stage, LatencyHistogram> stages = new EnumMap<>(Stage.class);

    DeliveryStages() {
        for (Stage stage : Stage.values()) {
            stages.put(stage, new LatencyHistogram());
        }
    }

    @Override
    public void reached(Stage stage, String text) {
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
