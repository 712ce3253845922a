package dev.cohort.bench.chat;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a warm-up is over: after its minimum, as soon as the JIT compiler has gone quiet (it spent less than
 * {@code quietShare} of the last step compiling), and at the latest after its maximum. On two cores the compiler
 * threads take a large part of the CPU for the first minute of load (Spring, gRPC, Netty, protobuf, Redisson and
 * the PostgreSQL driver all get compiled), so a fixed few seconds of warm-up measure the interpreter and the
 * compiler rather than the service. Every measured figure of the benchmark (the limits included) starts only
 * once the compiler is quiet, so all of them are of compiled code.
 */
final class JitWarmup {

    /** One step of a warm-up: how long it has run, and the compiler's share of the step's wall time. */
    record Step(double seconds, double compilerShare) {
    }

    private final Duration minimum;
    private final Duration maximum;
    private final double quietShare;
    private final LongSupplier compileMillis;
    private final LongSupplier nanoTime;
    private final long started;
    private long stepMillis;
    private long stepNanos;
    private Step last;

    JitWarmup(Duration minimum, Duration maximum, double quietShare) {
        this(minimum, maximum, quietShare, compilerClock(), System::nanoTime);
    }

    JitWarmup(Duration minimum, Duration maximum, double quietShare, LongSupplier compileMillis,
              LongSupplier nanoTime) {
        if (maximum.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("warm-up maximum " + maximum + " is below its minimum " + minimum);
        }
        this.minimum = minimum;
        this.maximum = maximum;
        this.quietShare = quietShare;
        this.compileMillis = compileMillis;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.stepNanos = started;
        this.stepMillis = compileMillis.getAsLong();
    }

    /** Ends a step (call it every few seconds): notes the compiler's share of it. */
    Step step() {
        long now = nanoTime.getAsLong();
        long millis = compileMillis.getAsLong();
        double wall = (now - stepNanos) / 1e6;
        double share = wall <= 0 ? 0 : (millis - stepMillis) / wall;
        stepNanos = now;
        stepMillis = millis;
        last = new Step((now - started) / 1e9, share);
        return last;
    }

    /** Whether measuring may start: the minimum has passed and the last step was quiet, or the maximum passed. */
    boolean over() {
        double elapsed = (nanoTime.getAsLong() - started) / 1e9;
        if (elapsed >= maximum.toMillis() / 1000.0) {
            return true;
        }
        return elapsed >= minimum.toMillis() / 1000.0 && last != null && last.compilerShare() < quietShare;
    }

    /** True when the warm-up ended at its maximum with the compiler still busy. */
    boolean endedBusy() {
        return last == null || last.compilerShare() >= quietShare;
    }

    /** Runs a warm-up of its own in steps of {@code step} (for the limits, which print no progress). */
    Step await(Duration step) {
        while (!over()) {
            LoadPass.sleep(step);
            step();
        }
        return last;
    }

    private static LongSupplier compilerClock() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            // No JIT figures (an interpreter-only VM): the minimum warm-up is all there is.
            return () -> 0;
        }
        return compiler::getTotalCompilationTime;
    }
}
