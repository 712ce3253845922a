package dev.cohort.bench.support;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What one measured pass cost this JVM (the benchmarks run the service and its clients in it): CPU time of the process, and the
 * garbage collections (count, and the collectors' own accounted time) while it ran. CPU per call holds up on a
 * loaded machine far better than latency does: other processes delay the calls but do not add to their CPU time.
 *
 * @param cpuNanos     CPU time of the whole process during the pass
 * @param collections  collections of every collector during the pass
 * @param gcMillis     time the collectors accounted for during the pass (for G1's young collector: its pauses)
 */
public record PassCost(long cpuNanos, long collections, long gcMillis) {

    /** A pass under way. */
    public interface Meter {
        PassCost stop();
    }

    public static Meter start() {
        long cpu = processCpuNanos();
        long[] gc = counted();
        return () -> {
            long[] after = counted();
            return new PassCost(processCpuNanos() - cpu, after[0] - gc[0], after[1] - gc[1]);
        };
    }

    /** CPU milliseconds per call of a pass that made {@code calls} calls. */
    public double cpuMillisPerCall(long calls) {
        return cpuNanos / 1e6 / Math.max(1, calls);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static long[] counted() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new long[] {count, millis};
    }
}
