package dev.cohort.bench.profile;

import java.util.HashMap;
import java.util.Map;

/**
 * What to run, from arguments {@code name=value} (or system properties {@code bench.<name>}).
 *
 * @param profiles      profiles seeded (setup, not measured)
 * @param clients       concurrent callers in every measured pass
 * @param warmupSeconds warm-up of every kind of call before the first run, not measured
 * @param seconds       measured time of each pass
 * @param runs          runs in a row (median, min and max are printed)
 */
public record BenchSettings(int profiles, int clients, int warmupSeconds, int seconds, int runs) {

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
        BenchSettings settings = new BenchSettings(integer(values, "profiles", 100_000), integer(values, "clients", 4),
                integer(values, "warmup", 5), integer(values, "seconds", 10), integer(values, "runs", 3));
        if (settings.profiles() < 1_000) {
            throw new IllegalArgumentException("profiles must be at least 1,000 (batches draw 100 distinct ids)");
        }
        return settings;
    }

    private static int integer(Map<String, String> values, String name, int defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Integer.parseInt(value.trim());
    }
}
