package dev.cohort.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./cohort status}'s figures of a running stack: per service, gRPC calls and server errors per second,
 * open streams and how many records its consumers are behind, read from each service's Prometheus endpoint (the
 * ports the stack wrote to {@code run/metrics-ports} when it started). Rates come from two scrapes a second apart.
 */
final class StackMetrics {

    static final String PORTS_FILE = "metrics-ports";
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Failures of the server, as the alert rules count them (deploy/observability); the rest are the callers'. */
    static final Set<String> SERVER_ERRORS = Set.of("INTERNAL", "UNKNOWN", "UNAVAILABLE", "DATA_LOSS", "DEADLINE_EXCEEDED");

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern STATUS = Pattern.compile("statusCode=\"([A-Z_]+)\"");

    /** What one scrape says, summed over a service's series. */
    record Snapshot(double calls, double errors, double openStreams, double consumerLag) {

        static Snapshot parse(String prometheusText) {
            double calls = 0;
            double errors = 0;
            double open = 0;
            double lag = 0;
            for (String line : prometheusText.split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (line.startsWith("#") || !sample.find()) {
                    continue;
                }
                double value = Double.parseDouble(sample.group(4));
                if (Double.isNaN(value)) {
                    continue; // Kafka reports NaN lag until a partition is assigned
                }
                String labels = sample.group(3) == null ? "" : sample.group(3);
                switch (sample.group(1)) {
                    case "grpc_server_processing_duration_seconds_count" -> {
                        calls += value;
                        Matcher status = STATUS.matcher(labels);
                        if (status.find() && SERVER_ERRORS.contains(status.group(1))) {
                            errors += value;
                        }
                    }
                    case "cohort_grpc_server_open_streams" -> open += value;
                    case "kafka_consumer_fetch_manager_records_lag" -> lag += Math.max(0, value);
                    default -> { }
                }
            }
            return new Snapshot(calls, errors, open, lag);
        }
    }

    /** The figures of one service between two snapshots {@code seconds} apart. */
    record Figures(double callsPerSecond, double errorsPerSecond, double openStreams, double consumerLag) {

        static Figures between(Snapshot before, Snapshot after, double seconds) {
            return new Figures(Math.max(0, after.calls() - before.calls()) / seconds,
                    Math.max(0, after.errors() - before.errors()) / seconds, after.openStreams(), after.consumerLag());
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Service name → metrics port, as the stack recorded them; empty when no stack wrote the file. */
    static Map<String, Integer> ports(Path runDir) {
        Path file = runDir.resolve(PORTS_FILE);
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return ports;
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        properties.stringPropertyNames().stream().sorted()
                .forEach(name -> ports.put(name, Integer.parseInt(properties.getProperty(name))));
        return ports;
    }

    static void writePorts(Path runDir, Map<String, Integer> ports) throws IOException {
        Properties properties = new Properties();
        ports.forEach((name, port) -> properties.setProperty(name, Integer.toString(port)));
        Files.createDirectories(runDir);
        try (var writer = Files.newBufferedWriter(runDir.resolve(PORTS_FILE))) {
            properties.store(writer, "Prometheus endpoints of the running stack's services (./cohort status)");
        }
    }

    /** Scrapes every service twice and prints one line each. */
    void print(Path runDir, PrintStream out) throws InterruptedException {
        Map<String, Integer> ports = ports(runDir);
        if (ports.isEmpty()) {
            out.println("  (no metrics: the stack is not running or predates them)");
            return;
        }
        Map<String, Optional<Snapshot>> before = new LinkedHashMap<>();
        ports.forEach((service, port) -> before.put(service, scrape(port)));
        long started = System.nanoTime();
        Thread.sleep(INTERVAL.toMillis());
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("  %-14s %10s %10s %13s %14s%n", "service", "calls/s", "errors/s", "open streams", "consumer lag");
        ports.forEach((service, port) -> {
            Optional<Snapshot> after = scrape(port);
            if (before.get(service).isEmpty() || after.isEmpty()) {
                out.printf("  %-14s %s%n", service, "no answer on metrics port " + port);
                return;
            }
            Figures figures = Figures.between(before.get(service).get(), after.get(), seconds);
            out.printf("  %-14s %10.1f %10.1f %13.0f %14.0f%n", service, figures.callsPerSecond(),
                    figures.errorsPerSecond(), figures.openStreams(), figures.consumerLag());
        });
    }

    private Optional<Snapshot> scrape(int port) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(Snapshot.parse(response.body())) : Optional.empty();
        } catch (IOException unreachable) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
