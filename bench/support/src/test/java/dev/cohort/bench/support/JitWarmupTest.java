package dev.cohort.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

    private final AtomicLong compileMillis = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger queued = new AtomicInteger();

    private JitWarmup warmup(int minimumSeconds, int maximumSeconds) {
        return new JitWarmup(Duration.ofSeconds(minimumSeconds), Duration.ofSeconds(maximumSeconds), 0.03,
                compileMillis::get, queued::get, nanos::get);
    }

    /** Five seconds pass, of which the compiler spent {@code compiling} milliseconds. */
    private JitWarmup.Step fiveSeconds(JitWarmup warmup, long compiling) {
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        compileMillis.addAndGet(compiling);
        return warmup.step();
    }

    @Test
    void goesOnWhileTheCompilerIsBusyAndEndsOnceItHasBeenQuietForTwoSteps() {
        JitWarmup warmup = warmup(10, 120);
        assertThat(fiveSeconds(warmup, 2_000).compilerShare()).isEqualTo(0.4);
        assertThat(warmup.over()).isFalse();
        fiveSeconds(warmup, 1_000);
        assertThat(warmup.over()).as("past the minimum, but the compiler took 20%").isFalse();
        JitWarmup.Step quiet = fiveSeconds(warmup, 100);
        assertThat(quiet.compilerShare()).isEqualTo(0.02);
        assertThat(quiet.seconds()).isEqualTo(15.0);
        assertThat(warmup.over()).as("one quiet step is not yet quiet").isFalse();
        fiveSeconds(warmup, 50);
        assertThat(warmup.over()).isTrue();
        assertThat(warmup.endedBusy()).isFalse();
    }

    @Test
    void aLongCompilerQueueIsNotQuietEvenWhenLittleWasCompiled() {
        JitWarmup warmup = warmup(0, 120);
        queued.set(200);
        fiveSeconds(warmup, 0);
        fiveSeconds(warmup, 0);
        assertThat(warmup.over()).isFalse();
        queued.set(JitWarmup.QUEUE_QUIET);
        assertThat(fiveSeconds(warmup, 0).queued()).isEqualTo(JitWarmup.QUEUE_QUIET);
        fiveSeconds(warmup, 0);
        assertThat(warmup.over()).isTrue();
    }

    @Test
    void neverEndsBeforeItsMinimumEvenWhenQuiet() {
        JitWarmup warmup = warmup(15, 120);
        fiveSeconds(warmup, 0);
        fiveSeconds(warmup, 0);
        assertThat(warmup.over()).isFalse();
        fiveSeconds(warmup, 0);
        assertThat(warmup.over()).isTrue();
    }

    @Test
    void countsTheQueuedMethodsOfACompilerQueueListing() {
        String listing = String.join("\n", "Current compiles: ",
                "C2 CompilerThread0  14764       4       io.netty.util.Recycler::get (8 bytes)", "",
                "C1 compile queue:", "Empty", "", "C2 compile queue:",
                "10663       4       java.util.HashMap::get (19 bytes)",
                "10781       4       io.netty.channel.epoll.Native::epollWait (16 bytes)", "");

        assertThat(JitWarmup.countQueued(listing)).isEqualTo(2);
        assertThat(JitWarmup.queuedMethods()).as("this VM has the diagnostic command").isGreaterThanOrEqualTo(0);
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

    @Test
    void inTurnsRunsEachKindInOrderUntilQuietAndPrintsEveryStep() {
        JitWarmup warmup = warmup(10, 120);
        java.util.List<String> ran = new java.util.ArrayList<>();
        long[] compiling = {3_000, 100, 100, 100};
        java.util.List<Runnable> kinds = java.util.List.of(
                () -> { ran.add("a"); nanos.addAndGet(Duration.ofSeconds(5).toNanos());
                        compileMillis.addAndGet(compiling[Math.min(ran.size() - 1, 3)]); },
                () -> { ran.add("b"); nanos.addAndGet(Duration.ofSeconds(5).toNanos());
                        compileMillis.addAndGet(compiling[Math.min(ran.size() - 1, 3)]); });
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        warmup.inTurns(kinds, new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        // a busy first step, then two quiet ones past the 10 s minimum
        assertThat(ran).containsExactly("a", "b", "a");
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .containsExactly("  warm-up     5 s: JIT  60% of the step, 0 queued",
                        "  warm-up    10 s: JIT   2% of the step, 0 queued",
                        "  warm-up    15 s: JIT   2% of the step, 0 queued");
    }

    @Test
    void inTurnsWarnsWhenItEndsAtItsMaximumWithTheCompilerBusy() {
        JitWarmup warmup = warmup(5, 10);
        Runnable busy = () -> {
            nanos.addAndGet(Duration.ofSeconds(5).toNanos());
            compileMillis.addAndGet(2_000);
        };
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        warmup.inTurns(java.util.List.of(busy), new java.io.PrintStream(printed, true,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("WARNING: warm-up ended at its maximum (10 s) with the JIT compiler still busy");
        assertThat(warmup.endedBusy()).isTrue();
    }
}
