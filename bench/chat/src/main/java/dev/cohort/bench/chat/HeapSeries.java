package dev.cohort.bench.chat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap in use right after a full GC, sampled over a long run, and how fast it grows (least-squares slope in
 * MiB per minute). The chat service runs in this JVM beside the load generator, whose retained state is of fixed
 * size (counters, fixed-size histograms, one object per stream), so growth of this JVM's heap is the service's.
 */
final class HeapSeries {

    static final double MIB = 1024.0 * 1024.0;

    /** One sample: seconds since the series started, bytes in use after GC. */
    record Sample(double seconds, long usedBytes) {
        double usedMiB() {
            return usedBytes / MIB;
        }
    }

    private final List<Sample> samples = new ArrayList<>();

    void add(double seconds, long usedBytes) {
        samples.add(new Sample(seconds, usedBytes));
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Growth in MiB per minute over all samples (0 with fewer than two). */
    double slopeMiBPerMinute() {
        double[] minutes = samples.stream().mapToDouble(sample -> sample.seconds() / 60.0).toArray();
        double[] mib = samples.stream().mapToDouble(Sample::usedMiB).toArray();
        return LeastSquares.fit(minutes, mib).slope();
    }

    double minMiB() {
        return samples.stream().mapToDouble(Sample::usedMiB).min().orElse(0);
    }

    double maxMiB() {
        return samples.stream().mapToDouble(Sample::usedMiB).max().orElse(0);
    }

    /** Heap in use after a full collection ({@code System.gc()}, which G1 makes a full, stop-the-world one). */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
