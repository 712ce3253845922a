package dev.cohort.bench.search;

import com.sun.management.OperatingSystemMXBean;
import dev.cohort.search.app.Searching;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What one search pass cost, in CPU and in the service's own index reads: CPU holds up on a loaded machine far
 * better than latency (other processes delay a call, they do not add to its CPU time), and the service's timer of
 * its index read ({@value Searching#INDEX_READ}) splits a gRPC call into its SQL and the rest.
 *
 * @param jvmCpuNanos      CPU time of this JVM (the service, its clients and the JDBC limit's callers)
 * @param postgresCpuNanos CPU time of the PostgreSQL backends of the bench's database (both pools), or -1 when
 *                         they are not processes of this machine
 * @param indexReads       the service's index reads during the pass (none in the JDBC and echo passes)
 * @param indexReadNanos   their total time, as the service timed them
 */
record PassCost(long jvmCpuNanos, long postgresCpuNanos, long indexReads, double indexReadNanos) {

    /** Clock ticks per second of /proc/[pid]/stat on Linux (USER_HZ, 100 on every common kernel). */
    private static final double TICKS_PER_SECOND = 100;

    /** Measures {@code pass} (which answers how many calls it made, as {@code calls}). */
    static <T> Measured<T> measure(String jdbcUrl, String user, String password, MeterRegistry meters,
                                   Supplier<T> pass) {
        Timer reads = meters.find(Searching.INDEX_READ).timer();
        long readCount = reads == null ? 0 : reads.count();
        double readNanos = reads == null ? 0 : reads.totalTime(TimeUnit.NANOSECONDS);
        Map<Integer, Long> backends = backendTicks(jdbcUrl, user, password);
        long cpu = processCpuNanos();
        T result = pass.get();
        long jvm = processCpuNanos() - cpu;
        Map<Integer, Long> after = backendTicks(jdbcUrl, user, password);
        long postgres = -1;
        if (!after.isEmpty()) {
            long ticks = 0;
            for (Map.Entry<Integer, Long> backend : after.entrySet()) {
                // A backend that started during the pass counts from zero (its whole life is in the pass).
                ticks += backend.getValue() - backends.getOrDefault(backend.getKey(), 0L);
            }
            postgres = (long) (ticks / TICKS_PER_SECOND * 1e9);
        }
        return new Measured<>(result, new PassCost(jvm, postgres,
                reads == null ? 0 : reads.count() - readCount,
                reads == null ? 0 : reads.totalTime(TimeUnit.NANOSECONDS) - readNanos));
    }

    record Measured<T>(T result, PassCost cost) {
    }

    double jvmMillisPerCall(long calls) {
        return jvmCpuNanos / 1e6 / Math.max(1, calls);
    }

    /** NaN when PostgreSQL's processes could not be read. */
    double postgresMillisPerCall(long calls) {
        return postgresCpuNanos < 0 ? Double.NaN : postgresCpuNanos / 1e6 / Math.max(1, calls);
    }

    /** Mean time of the service's index read per read, NaN when there were none. */
    double indexReadMillis() {
        return indexReads == 0 ? Double.NaN : indexReadNanos / 1e6 / indexReads;
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * User and system clock ticks of every backend connected to the bench's database; empty when they cannot be
     * read (PostgreSQL in a container or on another machine).
     */
    private static Map<Integer, Long> backendTicks(String jdbcUrl, String user, String password) {
        Map<Integer, Long> ticks = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement();
             ResultSet pids = statement.executeQuery(
                     "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")) {
            while (pids.next()) {
                int pid = pids.getInt(1);
                Path stat = Path.of("/proc", String.valueOf(pid), "stat");
                if (!Files.isReadable(stat)) {
                    return Map.of();
                }
                // Fields after the command name (which may hold spaces, hence from the last ')'): utime is the
                // 14th field of the line, stime the 15th.
                String line = Files.readString(stat);
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            }
        } catch (SQLException | IOException | RuntimeException unreadable) {
            return Map.of();
        }
        return ticks;
    }
}
