package dev.cohort.bench.unary;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
        Map<String, String> values = new HashMap<>();
        Map<String, String> serviceProperties = new LinkedHashMap<>();
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
            String name = plain.substring(0, equals);
            if (name.contains(".")) {
                serviceProperties.put(name, plain.substring(equals + 1));
            } else {
                values.put(name, plain.substring(equals + 1).replace(",", "").replace("_", ""));
            }
        }
        BenchSettings settings = new BenchSettings(integer(values, "inFlight", 32), integer(values, "searchClients", 4),
                integer(values, "warmup", 5), integer(values, "seconds", 5), integer(values, "runs", 3),
                integer(values, "users", 16), Boolean.parseBoolean(values.getOrDefault("gateway", "true")),
                integer(values, "profile", 0),
                Map.copyOf(serviceProperties));
        values.remove("gateway");
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown settings " + values.keySet());
        }
        return settings;
    }

    private static int integer(Map<String, String> values, String name, int defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Integer.parseInt(value.trim());
    }
}
