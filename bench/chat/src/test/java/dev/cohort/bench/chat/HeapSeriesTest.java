package dev.cohort.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeapSeriesTest {

    private static final long MIB = 1024L * 1024L;

    @Test
    void fitsTheLineThroughExactPoints() {
        LeastSquares fit = LeastSquares.fit(new double[] {0, 1, 2, 3}, new double[] {1, 3, 5, 7});

        assertThat(fit.slope()).isCloseTo(2.0, within(1e-12));
        assertThat(fit.intercept()).isCloseTo(1.0, within(1e-12));
        assertThat(fit.points()).isEqualTo(4);
    }

    @Test
    void averagesNoiseInsteadOfReadingTheEnds() {
        // Flat at 100 with alternating ±3 noise: the ends alone would suggest growth, the fit does not.
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = {97, 103, 97, 103, 97, 103};

        // Ends: (103 - 97) / 5 = 1.2 per step; least squares: 9 / 17.5.
        assertThat(LeastSquares.fit(x, y).slope()).isCloseTo(9 / 17.5, within(1e-12));
    }

    @Test
    void degenerateSeriesHaveNoSlope() {
        assertThat(LeastSquares.fit(new double[] {}, new double[] {}).slope()).isZero();
        assertThat(LeastSquares.fit(new double[] {3}, new double[] {9}).slope()).isZero();
        assertThat(LeastSquares.fit(new double[] {2, 2}, new double[] {1, 5}).slope()).isZero();
    }

    @Test
    void heapSlopeIsInMebibytesPerMinute() {
        HeapSeries series = new HeapSeries();
        for (int i = 0; i <= 30; i++) {
            series.add(i * 10.0, 200 * MIB + i * 10 * MIB / 60); // +1 MiB per minute, a sample every 10 s
        }

        assertThat(series.slopeMiBPerMinute()).isCloseTo(1.0, within(0.01));
        assertThat(series.minMiB()).isCloseTo(200.0, within(0.01));
        assertThat(series.maxMiB()).isCloseTo(205.0, within(0.01));
    }

    @Test
    void aFlatHeapHasZeroSlope() {
        HeapSeries series = new HeapSeries();
        for (int i = 0; i < 10; i++) {
            series.add(i * 15.0, 150 * MIB);
        }

        assertThat(series.slopeMiBPerMinute()).isCloseTo(0.0, within(1e-9));
    }
}
