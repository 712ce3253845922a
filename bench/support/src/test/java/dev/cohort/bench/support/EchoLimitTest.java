package dev.cohort.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EchoLimitTest {

    @Test
    void answersWithTheBytesItIsToldBlockingAndAsynchronously() throws Exception {
        try (EchoLimit echo = new EchoLimit()) {
            echo.respondWith(200);
            assertThat(echo.call(new byte[40])).isEqualTo(200);
            assertThat(echo.futureCall(new byte[40]).get()).hasSize(200);
        }
    }

    @Test
    void aLoadPassKeepsEveryCallsLatency() {
        try (EchoLimit echo = new EchoLimit()) {
            echo.respondWith(10);
            LoadPass.Figures figures = LoadPass.run("echo", 2, Duration.ofMillis(300), 1,
                    random -> echo.call(new byte[1]));

            assertThat(figures.failures()).isZero();
            assertThat(figures.latencies()).isNotEmpty();
            assertThat(figures.results()).isEqualTo(10L * figures.latencies().length);
            assertThat(figures.percentileMillis(100)).isGreaterThanOrEqualTo(figures.percentileMillis(50));
        }
    }
}
