package dev.cohort.bench.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole benchmark at toy size: every figure is measured and the report prints. */
class CourseBenchmarkSmokeTest {

    @Test
    void measuresSearchImportAndCopyAndPrintsTheReport() {
        BenchSettings settings = BenchSettings.fromArgs("clients=2", "warmup=0", "seconds=1", "rows=300", "runs=1");
        BenchReport report;
        try (CourseBenchmark benchmark = CourseBenchmark.start(settings, System.err)) {
            report = benchmark.run();
        }

        assertThat(report.search().latencies()).isNotEmpty();
        assertThat(report.search().failures()).isZero();
        assertThat(report.search().percentileMillis(99)).isGreaterThanOrEqualTo(report.search().percentileMillis(50));
        assertThat(report.imports()).singleElement().satisfies(run -> assertThat(run.rows()).isEqualTo(300));
        assertThat(report.importToCopyRatio()).isPositive().isFinite();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("SearchCourses", "p99", "ImportCatalog, new rows", "PostgreSQL COPY", "ratio import/COPY");
    }

    @Test
    void settingsComeFromArguments() {
        BenchSettings settings = BenchSettings.fromArgs("--rows=1,000", "runs=5");
        assertThat(settings.rows()).isEqualTo(1000);
        assertThat(settings.runs()).isEqualTo(5);
    }
}
