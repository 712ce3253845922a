package dev.cohort.bench.search;

import java.util.HashMap;
import java.util.Map;

/**
 * What to run, from arguments {@code name=value} (or system properties {@code bench.<name>}).
 *
 * @param messages      messages loaded into the index before measuring (setup, not measured)
 * @param users         people in the corpus (members of conversations; callers are drawn from them)
 * @param conversations conversations the messages are spread over
 * @param clients       concurrent callers in every search pass
 * @param rate          messages per second published during the index lag passes
 * @param warmupSeconds warm-up of every kind of pass before the first run, not measured
 * @param seconds       measured time of each pass
 * @param runs          runs in a row (median, min and max are printed)
 */
public record BenchSettings(int messages, int users, int conversations, int clients, int rate, int warmupSeconds,
                            int seconds, int runs) {

    /** Members of every conversation. */
    static final int MEMBERS_PER_CONVERSATION = 40;

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
        BenchSettings settings = new BenchSettings(integer(values, "messages", 1_000_000),
                integer(values, "users", 10_000), integer(values, "conversations", 2_000),
                integer(values, "clients", 4), integer(values, "rate", 1_000), integer(values, "warmup", 5),
                integer(values, "seconds", 10), integer(values, "runs", 3));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown settings: " + values.keySet());
        }
        if (settings.users() < MEMBERS_PER_CONVERSATION) {
            throw new IllegalArgumentException("users must be at least " + MEMBERS_PER_CONVERSATION);
        }
        return settings;
    }

    private static int integer(Map<String, String> values, String name, int defaultValue) {
        String value = values.remove(name);
        return value == null ? defaultValue : Integer.parseInt(value.trim());
    }
}
