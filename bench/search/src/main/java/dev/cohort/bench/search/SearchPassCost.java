package dev.cohort.bench.search;

import dev.cohort.bench.support.BackendCpu;
import dev.cohort.bench.support.PassCost;
import dev.cohort.search.app.Searching;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What one search pass cost, in CPU and in the service's own index reads: CPU holds up on a loaded machine far
 * better than latency (other processes delay a call, they do not add to its CPU time), and the service's timer of
 * its index read ({@value Searching#INDEX_READ}) splits a gRPC call into its SQL and the rest.
 *
 * @param jvm              this JVM's CPU and collections (the service, its clients and the JDBC limit's callers)
 * @param postgresCpuNanos CPU time of the PostgreSQL backends of the bench's database (both pools), or -1 when
 *                         they are not processes of this machine
 * @param indexReads       the service's index reads during the pass (none in the JDBC and echo passes)
 * @param indexReadNanos   their total time, as the service timed them
 */
record SearchPassCost(PassCost jvm, long postgresCpuNanos, long indexReads, double indexReadNanos) {

    /** Measures {@code pass} (which answers how many calls it made, as {@code calls}). */
    static <T> Measured<T> measure(String jdbcUrl, String user, String password, MeterRegistry meters,
                                   Supplier<T> pass) {
        Timer reads = meters.find(Searching.INDEX_READ).timer();
        long readCount = reads == null ? 0 : reads.count();
        double readNanos = reads == null ? 0 : reads.totalTime(TimeUnit.NANOSECONDS);
        Map<Integer, Long> backends = BackendCpu.ticks(jdbcUrl, user, password);
        PassCost.Meter jvm = PassCost.start();
        T result = pass.get();
        PassCost jvmCost = jvm.stop();
        long postgres = BackendCpu.nanosBetween(backends, BackendCpu.ticks(jdbcUrl, user, password));
        return new Measured<>(result, new SearchPassCost(jvmCost, postgres,
                reads == null ? 0 : reads.count() - readCount,
                reads == null ? 0 : reads.totalTime(TimeUnit.NANOSECONDS) - readNanos));
    }

    record Measured<T>(T result, SearchPassCost cost) {
    }

    double jvmMillisPerCall(long calls) {
        return jvm.cpuMillisPerCall(calls);
    }

    /** NaN when PostgreSQL's processes could not be read. */
    double postgresMillisPerCall(long calls) {
        return postgresCpuNanos < 0 ? Double.NaN : postgresCpuNanos / 1e6 / Math.max(1, calls);
    }

    /** Mean time of the service's index read per read, NaN when there were none. */
    double indexReadMillis() {
        return indexReads == 0 ? Double.NaN : indexReadNanos / 1e6 / indexReads;
    }
}
