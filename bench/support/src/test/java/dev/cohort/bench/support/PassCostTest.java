package dev.cohort.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PassCostTest {

    @Test
    void aPassThatComputesCostsCpuTimeAndItIsSharedOutPerCall() {
        PassCost.Meter meter = PassCost.start();
        long sum = 0;
        // Work the CPU until the process clock has moved (its resolution is a few milliseconds at most).
        PassCost cost;
        do {
            for (int i = 0; i < 1_000_000; i++) {
                sum += Long.numberOfTrailingZeros(i * 31L + sum);
            }
            cost = meter.stop();
        } while (cost.cpuNanos() == 0);
        assertThat(sum).isNotZero();
        assertThat(cost.cpuNanos()).isPositive();
        assertThat(cost.cpuMillisPerCall(4)).isEqualTo(cost.cpuNanos() / 1e6 / 4);
        assertThat(cost.cpuMillisPerCall(0)).as("no calls: the whole pass").isEqualTo(cost.cpuNanos() / 1e6);
        assertThat(cost.collections()).isNotNegative();
    }

    @Test
    void backendsAreCountedFromTheirFirstReadingOrFromZeroWhenTheyStartedBetweenReadings() {
        Map<Integer, Long> before = Map.of(10, 100L, 11, 50L);
        Map<Integer, Long> after = Map.of(10, 130L, 11, 50L, 12, 20L);
        // 30 + 0 + 20 ticks of 10 ms
        assertThat(BackendCpu.nanosBetween(before, after)).isEqualTo(500_000_000L);
    }

    @Test
    void backendsThatCouldNotBeReadCostUnknown() {
        assertThat(BackendCpu.nanosBetween(Map.of(10, 100L), Map.of())).isEqualTo(-1);
    }

    @Test
    void aDatabaseThatDoesNotAnswerGivesNoReading() {
        assertThat(BackendCpu.ticks("jdbc:postgresql://127.0.0.1:1/none", "nobody", "")).isEmpty();
    }
}
