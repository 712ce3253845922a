package dev.cohort.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static long millis(long value) {
        return TimeUnit.MILLISECONDS.toNanos(value);
    }

    @Test
    void readsPercentilesOfWhatWasRecordedWithinATenthOfAPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 10_000; i++) {
            histogram.record(TimeUnit.MICROSECONDS.toNanos(i * 100L)); // 0.1 ms .. 1000 ms, evenly
        }

        LatencyHistogram.Summary summary = histogram.drain();

        assertThat(summary.count()).isEqualTo(10_000);
        assertThat(summary.p50()).isCloseTo(500.0, within(0.5));
        assertThat(summary.p99()).isCloseTo(990.0, within(1.0));
        assertThat(summary.p999()).isCloseTo(999.0, within(1.0));
        assertThat(summary.max()).isCloseTo(1000.0, within(1.0));
    }

    @Test
    void aFewSlowSamplesShowInTheTailNotTheMedian() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            histogram.record(millis(2));
        }
        for (int i = 0; i < 10; i++) {
            histogram.record(millis(80));
        }

        LatencyHistogram.Summary summary = histogram.drain();

        assertThat(summary.p50()).isCloseTo(2.0, within(0.01));
        assertThat(summary.p99()).isCloseTo(2.0, within(0.01));
        assertThat(summary.p999()).isCloseTo(80.0, within(0.1));
    }

    @Test
    void drainingStartsANewWindowAndResetForgets() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(millis(5));
        histogram.reset();
        histogram.record(millis(7));

        assertThat(histogram.drain().count()).isEqualTo(1);
        assertThat(histogram.drain()).isEqualTo(LatencyHistogram.Summary.EMPTY);
    }

    @Test
    void valuesOutsideTheRangeCountAtItsBounds() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-5);
        histogram.record(TimeUnit.MINUTES.toNanos(5));

        LatencyHistogram.Summary summary = histogram.drain();

        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.max()).isCloseTo(60_000.0, within(60.0));
    }
}
