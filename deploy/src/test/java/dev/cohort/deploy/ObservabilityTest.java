package dev.cohort.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/observability: the alert rules pass promtool (Debian's prometheus package: found on the PATH, else
 * installed with apt-get where the build runs as root, as on this project's machines; skipped with the reason
 * only where neither is possible), and the rules and dashboards ask only for metrics the services export.
 */
class ObservabilityTest {

    /**
     * What the code exports (libs/grpc-server's MetricsTest scrapes the gRPC, open-stream and HikariCP ones; the
     * outbox relay binds cohort.outbox.*; libs/events' ConsumerMetrics the Kafka consumer's and dead letters
     * (ConsumerMetricsTest); chat's LiveMetrics the delivery latency; Micrometer's JVM binders the jvm_* ones).
     */
    private static final Set<String> EXPORTED = Set.of(
            "grpc_server_processing_duration_seconds_count", "grpc_server_processing_duration_seconds_bucket",
            "cohort_grpc_server_open_streams",
            "cohort_outbox_lag_seconds", "cohort_outbox_pending", "cohort_outbox_published_total",
            "kafka_consumer_fetch_manager_records_lag", "cohort_events_dead_letters_total",
            "hikaricp_connections_active", "hikaricp_connections_max", "hikaricp_connections_pending",
            "chat_delivery_latency_seconds_bucket",
            "jvm_memory_used_bytes", "jvm_memory_max_bytes");
    private static final Pattern METRIC = Pattern.compile(
            "\\b(grpc_[a-z_]+|cohort_[a-z_]+|jvm_[a-z_]+|kafka_[a-z_]+|hikaricp_[a-z_]+|chat_[a-z_]+)\\b");
    private static final Path OBSERVABILITY = ServiceCode.repoRoot().resolve("deploy/observability");

    @Test
    void alertRulesPassPromtool() throws Exception {
        Optional<Path> promtool = promtool();
        assumeTrue(promtool.isPresent(), "promtool not on the PATH and apt-get not usable here (not root or no apt)");
        Path rules = OBSERVABILITY.resolve("prometheus/cohort-alerts.yaml");
        Process check = new ProcessBuilder(promtool.get().toString(), "check", "rules", rules.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS: 8 rules found");
    }

    @Test
    void rulesAndDashboardsUseOnlyExportedMetrics() throws IOException {
        List<String> queries = new ArrayList<>();
        queries.add(Files.readString(OBSERVABILITY.resolve("prometheus/cohort-alerts.yaml")));
        try (Stream<Path> dashboards = Files.list(OBSERVABILITY.resolve("grafana"))) {
            for (Path dashboard : dashboards.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode json = new ObjectMapper().readTree(dashboard.toFile());
                assertThat(json.path("uid").asText()).isNotBlank();
                for (JsonNode panel : json.path("panels")) {
                    assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
                    panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
                }
            }
        }
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                assertThat(EXPORTED).as("metric in %s", query).contains(metric.group(1));
            }
        }
    }

    private static Optional<Path> promtool() throws InterruptedException, IOException {
        Optional<Path> found = onPath("promtool");
        if (found.isPresent() || onPath("apt-get").isEmpty() || !"root".equals(System.getProperty("user.name"))) {
            return found;
        }
        Process install = new ProcessBuilder("apt-get", "install", "-y", "-qq", "--no-install-recommends", "prometheus")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        install.getOutputStream().close();
        if (!install.waitFor(10, TimeUnit.MINUTES)) {
            install.destroyForcibly();
        }
        return onPath("promtool");
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
