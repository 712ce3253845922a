package dev.cohort.bench.profile;

import dev.cohort.bench.support.BenchArgs;

/**
 * What to run, from arguments {@code name=value} (or system properties {@code bench.<name>}).
 *
 * @param profiles      profiles seeded (setup, not measured)
 * @param clients       concurrent callers in every measured pass
 * @param warmupSeconds warm-up of each kind of call in turn before the first run, not measured; the kinds are
 *                      repeated until the JIT compiler is quiet (bench/support's {@code JitWarmup}); 0: none
 * @param warmupMaxSeconds the longest warm-up, quiet compiler or not (a warning says so)
 * @param seconds       measured time of each pass
 * @param runs          runs in a row (median, min and max are printed)
 */
public record BenchSettings(int profiles, int clients, int warmupSeconds, int warmupMaxSeconds, int seconds,
                            int runs) {

    public static BenchSettings fromArgs(String... args) {
        BenchArgs values = BenchArgs.parse(args);
        BenchSettings settings = new BenchSettings(values.integer("profiles", 100_000), values.integer("clients", 4),
                values.integer("warmup", 5), values.integer("warmup-max", 180), values.integer("seconds", 10),
                values.integer("runs", 3));
        values.refuseUnknown();
        if (settings.profiles() < 1_000) {
            throw new IllegalArgumentException("profiles must be at least 1,000 (batches draw 100 distinct ids)");
        }
        return settings;
    }
}
