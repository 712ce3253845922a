package dev.cohort.bench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole benchmark at toy size (N=200, one run): both paths deliver every event and the report prints. */
class EventsBenchmarkSmokeTest {

    @Test
    void bothPathsDeliverEveryEventAndTheRatioIsPositive() {
        BenchSettings settings = BenchSettings.fromArgs("n=200", "warmup=0", "runs=1", "trickle=10");
        BenchReport report;
        try (EventsBenchmark benchmark = EventsBenchmark.start(settings, System.err)) {
            report = benchmark.run();
        }

        assertThat(report.relayRuns()).singleElement().satisfies(relay -> {
            assertThat(relay.run().events()).isEqualTo(200);
            assertThat(relay.run().delivered()).isGreaterThanOrEqualTo(200);
            assertThat(relay.flushes()).isPositive();
        });
        assertThat(report.rawRuns()).singleElement().satisfies(raw -> assertThat(raw.delivered()).isEqualTo(200));
        assertThat(report.ratio()).isPositive().isFinite();
        assertThat(report.latency().p99Millis()).isGreaterThanOrEqualTo(report.latency().p50Millis());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("outbox relay  commit→ack", "raw producer  send→ack", "ratio relay/raw");
    }

    @Test
    void settingsComeFromArguments() {
        BenchSettings settings = BenchSettings.fromArgs("--n=1,000", "runs=5");
        assertThat(settings.events()).isEqualTo(1000);
        assertThat(settings.runs()).isEqualTo(5);
        assertThat(BenchSettings.fromArgs("300").events()).isEqualTo(300);
        assertThatThrownBy(() -> BenchSettings.fromArgs("sent=delete")).hasMessageContaining("unknown setting 'sent'");
    }
}
