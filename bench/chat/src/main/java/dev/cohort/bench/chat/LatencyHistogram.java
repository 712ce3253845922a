package dev.cohort.bench.chat;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from many threads at once (wait-free, HdrHistogram's {@link Recorder}), read as percentiles
 * per measurement window. Fixed size whatever the number of samples (1 µs to 60 s at 3 significant digits, about
 * 0.1% error), so a long run holds no more memory than a short one.
 */
final class LatencyHistogram {

    static final long LOWEST = TimeUnit.MICROSECONDS.toNanos(1);
    static final long HIGHEST = TimeUnit.SECONDS.toNanos(60);

    private final Recorder recorder = new Recorder(LOWEST, HIGHEST, 3);

    /** Records one latency in nanoseconds; values outside 1 µs to 60 s count as the nearest bound. */
    void record(long nanos) {
        recorder.recordValue(Math.max(LOWEST, Math.min(HIGHEST, nanos)));
    }

    /** Forgets what was recorded so far (the start of a window). */
    void reset() {
        recorder.getIntervalHistogram();
    }

    /** What was recorded since the last {@link #reset()} or {@code drain()}, and forgets it. */
    Summary drain() {
        return Summary.of(recorder.getIntervalHistogram());
    }

    /** Count and percentiles of one window, in milliseconds; zeros when nothing was recorded. */
    record Summary(long count, double p50, double p99, double p999, double max) {

        static final Summary EMPTY = new Summary(0, 0, 0, 0, 0);

        static Summary of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return EMPTY;
            }
            return new Summary(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                    millis(histogram.getValueAtPercentile(99)), millis(histogram.getValueAtPercentile(99.9)),
                    millis(histogram.getMaxValue()));
        }

        private static double millis(long nanos) {
            return nanos / 1e6;
        }

        String describe() {
            return count == 0 ? "no samples"
                    : String.format("p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  (%,d samples)", p50, p99,
                    p999, max, count);
        }
    }
}
