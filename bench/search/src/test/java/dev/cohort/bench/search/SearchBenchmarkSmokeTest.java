package dev.cohort.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.bench.support.LoadPass;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole benchmark at toy size: searches answer, the consumer indexes, every limit is measured, it prints. */
class SearchBenchmarkSmokeTest {

    @Test
    void measuresSearchAndIndexLagBesideTheirLimitsAndPrintsTheReport() {
        BenchSettings settings = BenchSettings.fromArgs("messages=20,000", "users=400", "conversations=40",
                "clients=2", "rate=200", "warmup=0", "seconds=1", "runs=1");
        BenchReport report;
        try (SearchBenchmark benchmark = SearchBenchmark.start(settings, System.err)) {
            report = benchmark.run();
        }

        assertThat(report.series()).hasSize(3).allSatisfy(series ->
                assertThat(series.runs()).singleElement().satisfies(run -> {
                    assertThat(run.latencies()).isNotEmpty();
                    assertThat(run.failures()).isZero();
                }));
        assertThat(report.series(SearchBenchmark.SEARCH).median(LoadPass.Figures::resultsPerCall)).isPositive();
        // Every gRPC call read the index once, timed by the service; the limits' passes did not call it.
        BenchReport.Series grpc = report.series(SearchBenchmark.SEARCH);
        assertThat(grpc.costs()).singleElement().satisfies(cost -> {
            assertThat(cost.indexReads()).isEqualTo(grpc.runs().get(0).latencies().length);
            assertThat(cost.jvm().cpuNanos()).isPositive();
        });
        assertThat(report.series(SearchBenchmark.SEARCH_JDBC).costs().get(0).indexReads()).isZero();
        assertThat(report.lag()).singleElement().satisfies(run -> {
            assertThat(run.service().sent()).isEqualTo(200);
            assertThat(run.service().service().count()).as("every message published was indexed")
                    .isEqualTo(run.service().sent());
            assertThat(run.service().brokerMillis()).hasSize(200);
            assertThat(run.writeLimitMillis()).hasSize(200);
        });

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Search (page 20)", "same SQL over JDBC",
                "gRPC echo", "What a call costs", "Index lag", "broker alone", "same writes over JDBC", "os load average",
                "Target Search p99", "Target index lag p99", "EXPLAIN ANALYZE");
    }

    @Test
    void settingsComeFromArgumentsAndUnknownOnesAreRefused() {
        BenchSettings settings = BenchSettings.fromArgs("--messages=5,000", "runs=5");
        assertThat(settings.messages()).isEqualTo(5000);
        assertThat(settings.runs()).isEqualTo(5);
        assertThat(settings.clients()).isEqualTo(4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchSettings.fromArgs("mesages=5"))
                .hasMessageContaining("mesages");
    }
}
