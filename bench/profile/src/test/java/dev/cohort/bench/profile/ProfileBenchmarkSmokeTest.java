package dev.cohort.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.bench.support.LoadPass;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole benchmark at toy size: both RPCs answer, every limit is measured, and the report prints. */
class ProfileBenchmarkSmokeTest {

    @Test
    void measuresBatchAndSearchBesideTheirLimitsAndPrintsTheReport() {
        BenchSettings settings = BenchSettings.fromArgs("profiles=2,000", "clients=2", "warmup=0", "seconds=1",
                "runs=1");
        BenchReport report;
        try (ProfileBenchmark benchmark = ProfileBenchmark.start(settings, System.err)) {
            report = benchmark.run();
        }

        assertThat(report.series()).hasSize(6).allSatisfy(series -> {
            assertThat(series.runs()).singleElement().satisfies(run -> {
                assertThat(run.latencies()).isNotEmpty();
                assertThat(run.failures()).isZero();
            });
        });
        // Batches mix visible and invisible people: some come back, never more than asked for.
        assertThat(report.series(ProfileBenchmark.BATCH).median(LoadPass.Figures::resultsPerCall))
                .isPositive().isLessThan(ProfileBenchmark.BATCH_SIZE);
        assertThat(report.series(ProfileBenchmark.SEARCH).median(LoadPass.Figures::resultsPerCall)).isPositive();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("BatchGetProfiles", "SearchPeople",
                "same SQL over JDBC", "gRPC echo", "p99", "os load average", "Target BatchGetProfiles");
    }

    @Test
    void settingsComeFromArguments() {
        BenchSettings settings = BenchSettings.fromArgs("--profiles=5,000", "runs=5");
        assertThat(settings.profiles()).isEqualTo(5000);
        assertThat(settings.runs()).isEqualTo(5);
        assertThat(settings.clients()).isEqualTo(4);
    }
}
