package dev.cohort.bench.unary;

import java.util.Arrays;

/**
 * One pass: every answered call's latency (ns) over {@code nanos} of wall time, and how many calls failed.
 *
 * @param name     what was called, and how
 * @param load     closed loop with so many in flight, or paced at a rate
 * @param nanos    wall time of the pass
 * @param latencies every answered call's latency in nanoseconds
 * @param failures calls that failed (a benchmark with failures is reported as such)
 */
record Figures(String name, String load, long nanos, long[] latencies, long failures) {

    Figures {
        latencies = latencies.clone();
        Arrays.sort(latencies);
    }

    double perSecond() {
        return latencies.length / (nanos / 1e9);
    }

    /** The {@code percentile} (0-100; 100 is the maximum) latency in milliseconds, nearest rank. */
    double percentileMillis(double percentile) {
        if (latencies.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * latencies.length) - 1;
        return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
    }
}
