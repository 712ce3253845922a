package dev.cohort.bench.course;

import dev.cohort.bench.support.BenchArgs;

/**
 * What to run, from arguments {@code name=value} (or system properties {@code bench.<name>}).
 *
 * @param clients       concurrent SearchCourses callers
 * @param warmupSeconds search warm-up, not measured
 * @param searchSeconds measured search time
 * @param rows          course rows per import and per COPY
 * @param runs          measured runs of each import and COPY (median, min and max are printed)
 */
public record BenchSettings(int clients, int warmupSeconds, int searchSeconds, int rows, int runs) {

    public static BenchSettings fromArgs(String... args) {
        BenchArgs values = BenchArgs.parse(args);
        BenchSettings settings = new BenchSettings(
                values.integer("clients", 4), values.integer("warmup", 3), values.integer("seconds", 10),
                values.integer("rows", 10_000), values.integer("runs", 3));
        values.refuseUnknown();
        if (settings.rows() > 26_000 || settings.rows() < 1) {
            throw new IllegalArgumentException("rows must be 1 to 26,000 (course codes run out)");
        }
        return settings;
    }
}
