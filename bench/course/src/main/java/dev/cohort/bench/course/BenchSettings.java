package dev.cohort.bench.course;

import java.util.HashMap;
import java.util.Map;

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
        Map<String, String> values = new HashMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("bench.")) {
                values.put(key.toString().substring("bench.".length()), value.toString());
            }
        });
        for (String arg : args) {
            String plain = arg.startsWith("--") ? arg.substring(2) : arg;
            int equals = plain.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("expected name=value, got " + arg);
            }
            values.put(plain.substring(0, equals), plain.substring(equals + 1).replace(",", "").replace("_", ""));
        }
        BenchSettings settings = new BenchSettings(
                integer(values, "clients", 4), integer(values, "warmup", 3), integer(values, "seconds", 10),
                integer(values, "rows", 10_000), integer(values, "runs", 3));
        if (settings.rows() > 26_000 || settings.rows() < 1) {
            throw new IllegalArgumentException("rows must be 1 to 26,000 (course codes run out)");
        }
        return settings;
    }

    private static int integer(Map<String, String> values, String name, int defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Integer.parseInt(value.trim());
    }
}
