package dev.cohort.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the PostgreSQL backends serving one database, read from {@code /proc}: what a pass cost the database
 * server, beside what it cost this JVM ({@link PassCost}). Works when PostgreSQL runs as processes of this machine;
 * otherwise (a container, another host) every reading is empty and the cost is unknown.
 */
public final class BackendCpu {

    /** Clock ticks per second of /proc/[pid]/stat on Linux (USER_HZ, 100 on every common kernel). */
    private static final double TICKS_PER_SECOND = 100;

    private BackendCpu() {
    }

    /** User and system clock ticks of every backend connected to the database of {@code jdbcUrl}, by pid. */
    public static Map<Integer, Long> ticks(String jdbcUrl, String user, String password) {
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

    /** CPU nanoseconds the backends used between two readings; -1 when the later one could not be read. */
    public static long nanosBetween(Map<Integer, Long> before, Map<Integer, Long> after) {
        if (after.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        for (Map.Entry<Integer, Long> backend : after.entrySet()) {
            // A backend that started between the readings counts from zero (its whole life is in between).
            ticks += backend.getValue() - before.getOrDefault(backend.getKey(), 0L);
        }
        return (long) (ticks / TICKS_PER_SECOND * 1e9);
    }
}
