package dev.cohort.bench.unary;

import dev.cohort.bench.support.BenchArgs;
import java.util.Map;

/**
 * What to run, from arguments {@code name=value} (or system properties {@code bench.<name>}); any argument whose
 * name has a dot ({@code cohort.auth.…=…}) is passed to the services as a property instead, for what-ifs.
 *
 * @param inFlight          calls in flight in the closed-loop (peak) passes
 * @param searchClients     SearchCourses callers in its own closed-loop pass (the "4 clients")
 * @param warmupSeconds     seconds of each call before the measured runs (not measured)
 * @param seconds           seconds of each measured pass
 * @param runs              measured runs in a row (median, min and max are printed)
 * @param users             people calling (each with its own token)
 * @param gateway           whether to measure through the gateway too
 * @param profileSeconds    when above 0, instead of the runs: each call alone, closed loop, for this long (to
 *                          profile one call at a time, e.g. with JFR)
 * @param serviceProperties properties passed to every service
 */
record BenchSettings(int inFlight, int searchClients, int warmupSeconds, int seconds, int runs, int users,
                     boolean gateway, int profileSeconds,
                     Map<String, String> serviceProperties) {

    static BenchSettings fromArgs(String... args) {
        BenchArgs values = BenchArgs.parse(args);
        BenchSettings settings = new BenchSettings(values.integer("inFlight", 32), values.integer("searchClients", 4),
                values.integer("warmup", 5), values.integer("seconds", 5), values.integer("runs", 3),
                values.integer("users", 16), values.flag("gateway", true), values.integer("profile", 0),
                values.properties());
        values.refuseUnknown();
        return settings;
    }
}
