package dev.cohort.bench.unary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole benchmark at toy size: every call answers correctly on every transport and the report prints. */
class UnaryBenchmarkSmokeTest {

    @Test
    void measuresEveryCallOnEveryTransportAndPrintsTheReport() {
        BenchSettings settings = BenchSettings.fromArgs("inFlight=4", "searchClients=2", "warmup=0", "seconds=1",
                "runs=1", "users=2");
        BenchReport report;
        try (UnaryBenchmark benchmark = UnaryBenchmark.start(settings, System.err)) {
            report = benchmark.run();
        }

        assertThat(report.failures()).isEmpty();
        for (Rpc rpc : Rpc.values()) {
            assertThat(report.get(rpc.label + " calls/s").median()).isPositive();
            assertThat(report.get(rpc.label + " / echo").median()).isPositive().isFinite();
            assertThat(report.get("REST via gateway " + rpc.label + " / direct").median()).isPositive();
            assertThat(report.get("gRPC-Web via gateway " + rpc.label + " / direct").median()).isPositive();
            assertThat(report.get(rpc.label + " CPU ms a call at peak").median()).isPositive().isFinite();
            assertThat(report.get("gRPC-Web via gateway " + rpc.label + " CPU a call / direct").median()).isPositive();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("echo calls/s", "GetMe / echo", "SearchCourses p99 ms at 2 clients", "No call failed.");
    }

    @Test
    void settingsComeFromArgumentsAndDottedNamesGoToTheServices() {
        BenchSettings settings = BenchSettings.fromArgs("--seconds=10", "runs=5", "cohort.auth.clock-skew=10s");
        assertThat(settings.seconds()).isEqualTo(10);
        assertThat(settings.runs()).isEqualTo(5);
        assertThat(settings.serviceProperties()).containsEntry("cohort.auth.clock-skew", "10s");
    }
}
