package dev.cohort.bench.events;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The figures of one benchmark run, and the table printed from them. */
public record BenchReport(BenchSettings settings, String environment, List<RelayRun> relayRuns, List<Run> rawRuns,
                          Latency latency, double serializeMicros, double frameMicros) {

    /** One timed run: {@code events} delivered ({@code delivered} appended to the topic) in {@code nanos}. */
    public record Run(int events, long nanos, long delivered) {
        public double rate() {
            return events * 1e9 / nanos;
        }

        double millis() {
            return nanos / 1e6;
        }
    }

    /**
     * A relay run with its preparation (insert) and where its time went: in the producer's {@code send} (which
     * serializes) and {@code flush} (acknowledgements), and per kind of database work ({@code kind → [nanos, count]}).
     */
    public record RelayRun(Run run, long insertNanos, long sendNanos, long flushNanos, long flushes,
                           Map<String, long[]> database, String pendingQueryPlan) {
        public double insertRate() {
            return run.events() * 1e9 / insertNanos;
        }

        /** Milliseconds spent in one kind of database work. */
        public double databaseMillis(String kind) {
            long[] value = database.get(kind);
            return value == null ? 0 : value[0] / 1e6;
        }
    }

    /** Commit→acknowledgement latency of single-row transactions while the relay runs in the background. */
    public record Latency(int count, int rate, double p50Millis, double p99Millis, double maxMillis, Duration pollInterval) {
    }

    public double relayMedian() {
        return median(relayRuns, relay -> relay.run().rate());
    }

    public double rawMedian() {
        return median(rawRuns, Run::rate);
    }

    public double insertMedian() {
        return median(relayRuns, RelayRun::insertRate);
    }

    /** Relay throughput as a fraction of the raw producer's (medians). */
    public double ratio() {
        return relayMedian() / rawMedian();
    }

    public void print(PrintStream out) {
        int runs = relayRuns.size();
        out.printf("events benchmark (N=%,d, warm-up %,d each way, %d runs each, %d cores)%n", settings.events(),
                settings.warmup(), runs, Runtime.getRuntime().availableProcessors());
        out.println("  " + environment);
        out.println();
        out.printf("%-34s %,10.0f events/s   (median of %d; min %,.0f; %,d rows per transaction, not timed below)%n",
                "outbox insert (batched tx)", insertMedian(), runs, min(relayRuns, RelayRun::insertRate),
                settings.insertBatch());
        out.printf("%-34s %,10.0f events/s   (median of %d; min %,.0f, max %,.0f; relay start() in background)%n",
                "outbox relay  commit→ack", relayMedian(), runs, min(relayRuns, r -> r.run().rate()),
                max(relayRuns, r -> r.run().rate()));
        out.printf("%-34s %,10.0f events/s   (median of %d; min %,.0f, max %,.0f; pre-serialized, send all + flush)%n",
                "raw producer  send→ack", rawMedian(), runs, min(rawRuns, Run::rate), max(rawRuns, Run::rate));
        out.printf("%-34s %10.2f%n", "ratio relay/raw", ratio());
        if (latency != null) {
            out.printf("%-34s p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms   (%d single-row tx at %d/s; woken by each commit, fallback poll %d ms)%n",
                    "relay latency commit→ack", latency.p50Millis(), latency.p99Millis(), latency.maxMillis(),
                    latency.count(), latency.rate(), latency.pollInterval().toMillis());
        }
        printBreakdown(out);
    }

    private void printBreakdown(PrintStream out) {
        RelayRun median = relayRuns.stream().sorted(Comparator.comparingDouble(r -> r.run().rate()))
                .toList().get(relayRuns.size() / 2);
        double total = median.run().millis();
        out.println();
        out.printf("where the relay's time goes (median run: %,.0f ms for %,d events, %,d rounds of up to %d rows per partition):%n",
                total, median.run().events(), median.flushes(), settings.relayBatch());
        double accounted = 0;
        accounted += line(out, "Kafka send()", median.sendNanos() / 1e6, total, "");
        accounted += line(out, "Kafka flush(): waiting for acks", median.flushNanos() / 1e6, total,
                median.flushes() == 0 ? "" : String.format("%.1f ms per round", median.flushNanos() / 1e6 / median.flushes()));
        for (Map.Entry<String, long[]> entry : median.database().entrySet()) {
            long[] value = entry.getValue();
            accounted += line(out, "DB " + entry.getKey(), value[0] / 1e6, total,
                    String.format("%,d × %.2f ms", value[1], value[0] / 1e6 / Math.max(1, value[1]))
                            + (entry.getKey().startsWith("claim") ? "  plan at start: " + median.pendingQueryPlan() : ""));
        }
        line(out, "rest: framing rows, loop", total - accounted, total, "");
        out.printf("  per event, measured apart: framing a stored payload as the relay does %.2f µs "
                + "(AvroSerializer.serialize of the record, which the relay no longer does: %.1f µs)%n",
                frameMicros, serializeMicros);
    }

    private static double line(PrintStream out, String label, double millis, double total, String note) {
        out.printf("  %-34s %,8.0f ms  %3.0f%%   %s%n", label, millis, 100 * millis / total, note);
        return millis;
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        double[] sorted = items.stream().mapToDouble(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static <T> double min(List<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).min().orElse(Double.NaN);
    }

    private static <T> double max(List<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).max().orElse(Double.NaN);
    }
}
