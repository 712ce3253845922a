package dev.cohort.bench.support;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * When a warm-up is over: after its minimum, as soon as the JIT compiler has gone quiet, and at the latest after
 * its maximum. Quiet means: it spent less than {@code quietShare} of each of the last {@value #QUIET_STEPS} steps
 * compiling, and its queue holds at most {@value #QUEUE_QUIET} methods. On two cores the compiler threads take a
 * large part of the CPU for the first one to two minutes of load (Spring, gRPC, Netty, protobuf, Redisson and the
 * PostgreSQL driver all get compiled, and the one C2 thread works through a queue of hundreds of methods), so a
 * fixed few seconds of warm-up measure the interpreter and the compiler rather than the service. Every measured
 * figure of the benchmark (the limits included) starts only once the compiler is quiet, so all of them are of
 * compiled code.
 */
public final class JitWarmup {

    public static final int QUIET_STEPS = 2;
    public static final int QUEUE_QUIET = 16;
    /** No queue figure (a VM without the diagnostic command): only the compile time counts. */
    public static final int QUEUE_UNKNOWN = -1;

    /** One step: how long the warm-up has run, the compiler's share of the step, the methods queued at its end. */
    public record Step(double seconds, double compilerShare, int queued) {
    }

    private final Duration minimum;
    private final Duration maximum;
    private final double quietShare;
    private final LongSupplier compileMillis;
    private final IntSupplier compilerQueue;
    private final LongSupplier nanoTime;
    private final long started;
    private long stepMillis;
    private long stepNanos;
    private Step last;
    private int quietSteps;

    public JitWarmup(Duration minimum, Duration maximum, double quietShare) {
        this(minimum, maximum, quietShare, compilerClock(), JitWarmup::queuedMethods, System::nanoTime);
    }

    JitWarmup(Duration minimum, Duration maximum, double quietShare, LongSupplier compileMillis,
              IntSupplier compilerQueue, LongSupplier nanoTime) {
        if (maximum.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("warm-up maximum " + maximum + " is below its minimum " + minimum);
        }
        this.minimum = minimum;
        this.maximum = maximum;
        this.quietShare = quietShare;
        this.compileMillis = compileMillis;
        this.compilerQueue = compilerQueue;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.stepNanos = started;
        this.stepMillis = compileMillis.getAsLong();
    }

    /** Ends a step (call it every few seconds): notes the compiler's share of it. */
    public Step step() {
        long now = nanoTime.getAsLong();
        long millis = compileMillis.getAsLong();
        double wall = (now - stepNanos) / 1e6;
        double share = wall <= 0 ? 0 : (millis - stepMillis) / wall;
        stepNanos = now;
        stepMillis = millis;
        last = new Step((now - started) / 1e9, share, compilerQueue.getAsInt());
        quietSteps = quiet(last) ? quietSteps + 1 : 0;
        return last;
    }

    /** Whether measuring may start: the minimum has passed and the compiler is quiet, or the maximum passed. */
    public boolean over() {
        double elapsed = (nanoTime.getAsLong() - started) / 1e9;
        if (elapsed >= maximum.toMillis() / 1000.0) {
            return true;
        }
        return elapsed >= minimum.toMillis() / 1000.0 && !endedBusy();
    }

    /** True while (or when the warm-up ended with) the compiler not yet quiet. */
    public boolean endedBusy() {
        return quietSteps < QUIET_STEPS;
    }

    private boolean quiet(Step step) {
        return step.compilerShare() < quietShare && step.queued() <= QUEUE_QUIET;
    }

    /**
     * Runs {@code kinds} in turn, one a step, until the warm-up is over, printing each step to {@code progress}, and
     * a warning when it ended at its maximum with the compiler still busy (bench/profile and bench/search).
     */
    public void inTurns(java.util.List<Runnable> kinds, java.io.PrintStream progress) {
        for (int pass = 0; !over(); pass++) {
            kinds.get(pass % kinds.size()).run();
            Step step = step();
            progress.printf("  warm-up %5.0f s: JIT %3.0f%% of the step, %s queued%n", step.seconds(),
                    step.compilerShare() * 100, step.queued() == QUEUE_UNKNOWN ? "?" : String.valueOf(step.queued()));
        }
        if (endedBusy()) {
            progress.printf("WARNING: warm-up ended at its maximum (%d s) with the JIT compiler still busy%n",
                    maximum.toSeconds());
        }
    }

    /** Runs a warm-up of its own in steps of {@code step} (for the limits, which print no progress). */
    public Step await(Duration step) {
        while (!over()) {
            LoadPass.sleep(step);
            step();
        }
        return last;
    }

    /**
     * Methods waiting for the JIT compilers, from the VM's own diagnostic command (what {@code jcmd
     * Compiler.queue} prints: one line per queued method); {@link #QUEUE_UNKNOWN} where that command is missing.
     */
    static int queuedMethods() {
        try {
            Object listing = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return countQueued(String.valueOf(listing));
        } catch (JMException | RuntimeException unavailable) {
            return QUEUE_UNKNOWN;
        }
    }

    /** Queue entries in a {@code Compiler.queue} listing: lines that start with a compile id. */
    static int countQueued(String listing) {
        int queued = 0;
        for (String line : listing.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && Character.isDigit(trimmed.charAt(0)) && !line.startsWith("C")) {
                queued++;
            }
        }
        return queued;
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
