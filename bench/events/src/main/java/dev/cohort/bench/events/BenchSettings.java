package dev.cohort.bench.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the benchmark runs. Each setting comes from an argument {@code name=value} (or {@code --name=value}), else
 * the system property {@code bench.<name>} ({@code bench.n} for N), else its default.
 *
 * @param events       N: events per measured run, each way
 * @param warmup       events sent each way before measuring (JIT, connections, schema registration)
 * @param runs         measured runs each way (median and best are reported)
 * @param partitions   partitions of both Kafka topics
 * @param insertBatch  outbox rows per insert transaction while preparing a relay run (not timed)
 * @param relayBatch   the relay's batch size (rows per outbox partition and round); production default 500
 * @param relayWorkers rounds the relay runs at once (cohort.events.relay.workers); production default 1
 * @param trickle      single-row transactions for the commit→ack latency probe; 0 skips it
 * @param trickleRate  transactions per second during the latency probe
 */
public record BenchSettings(int events, int warmup, int runs, int partitions, int insertBatch, int relayBatch,
                            int relayWorkers, int trickle, int trickleRate) {

    static final Map<String, String> DEFAULTS = defaults();

    public BenchSettings {
        if (events < 1 || warmup < 0 || runs < 1 || partitions < 1 || insertBatch < 1 || relayBatch < 1 || relayWorkers < 1
                || trickle < 0 || trickleRate < 1) {
            throw new IllegalArgumentException("invalid benchmark settings: " + this);
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("events", "20000");
        defaults.put("warmup", "5000");
        defaults.put("runs", "3");
        defaults.put("partitions", "3");   // what the in-JVM broker gives auto-created topics
        defaults.put("insertBatch", "500");
        defaults.put("relayBatch", "500");  // RelaySettings.defaults() / cohort.events.relay.batch-size
        defaults.put("relayWorkers", "1");  // RelaySettings.DEFAULT_WORKERS / cohort.events.relay.workers
        defaults.put("trickle", "200");
        defaults.put("trickleRate", "100");
        return defaults;
    }

    public static BenchSettings fromArgs(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        DEFAULTS.forEach((name, value) -> values.put(name, System.getProperty("bench." + name, value)));
        if (System.getProperty("bench.n") != null) {
            values.put("events", System.getProperty("bench.n"));
        }
        for (String arg : args) {
            String trimmed = arg.startsWith("--") ? arg.substring(2) : arg;
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                // a bare number is N
                values.put("events", trimmed);
                continue;
            }
            String name = trimmed.substring(0, equals);
            if (name.equals("n")) {
                name = "events";
            }
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown setting '" + name + "'; known: n, " + String.join(", ", DEFAULTS.keySet()));
            }
            values.put(name, trimmed.substring(equals + 1));
        }
        return new BenchSettings(parse(values, "events"), parse(values, "warmup"), parse(values, "runs"),
                parse(values, "partitions"), parse(values, "insertBatch"), parse(values, "relayBatch"),
                parse(values, "relayWorkers"), parse(values, "trickle"), parse(values, "trickleRate"));
    }

    private static int parse(Map<String, String> values, String name) {
        String value = values.get(name).replace("_", "").replace(",", "");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + values.get(name) + "'");
        }
    }
}
