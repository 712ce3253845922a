package dev.cohort.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

    private final AtomicLong compileMillis = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    private JitWarmup warmup(int minimumSeconds, int maximumSeconds) {
        return new JitWarmup(Duration.ofSeconds(minimumSeconds), Duration.ofSeconds(maximumSeconds), 0.03,
                compileMillis::get, nanos::get);
    }

    /** Five seconds pass, of which the compiler spent {@code compiling} milliseconds. */
    private JitWarmup.Step fiveSeconds(JitWarmup warmup, long compiling) {
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        compileMillis.addAndGet(compiling);
        return warmup.step();
    }

    @Test
    void goesOnWhileTheCompilerIsBusyAndEndsOnceItIsQuiet() {
        JitWarmup warmup = warmup(10, 120);
        assertThat(fiveSeconds(warmup, 2_000).compilerShare()).isEqualTo(0.4);
        assertThat(warmup.over()).isFalse();
        fiveSeconds(warmup, 1_000);
        assertThat(warmup.over()).as("past the minimum, but the compiler took 20%").isFalse();
        JitWarmup.Step quiet = fiveSeconds(warmup, 100);
        assertThat(quiet.compilerShare()).isEqualTo(0.02);
        assertThat(quiet.seconds()).isEqualTo(15.0);
        assertThat(warmup.over()).isTrue();
        assertThat(warmup.endedBusy()).isFalse();
    }

    @Test
    void neverEndsBeforeItsMinimumEvenWhenQuiet() {
        JitWarmup warmup = warmup(10, 120);
        fiveSeconds(warmup, 0);
        assertThat(warmup.over()).isFalse();
        fiveSeconds(warmup, 0);
        assertThat(warmup.over()).isTrue();
    }

    @Test
    void endsAtItsMaximumWhenTheCompilerNeverQuietens() {
        JitWarmup warmup = warmup(10, 20);
        for (int i = 0; i < 3; i++) {
            fiveSeconds(warmup, 1_000);
            assertThat(warmup.over()).isFalse();
        }
        fiveSeconds(warmup, 1_000);
        assertThat(warmup.over()).isTrue();
        assertThat(warmup.endedBusy()).isTrue();
    }

    @Test
    void refusesAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> warmup(30, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below its minimum");
    }
}
