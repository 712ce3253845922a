package dev.cohort.bench.unary;

import io.grpc.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one {@link UnaryCall} in the two ways the benchmark needs:
 * <ul>
 *   <li>{@link #closedLoop}: {@code inFlight} calls outstanding at all times, each answer starting the next call
 *       (the peak: as many calls a second as the server can answer with that many waiting);</li>
 *   <li>{@link #paced}: calls started on a fixed schedule at {@code rate} a second regardless of answers, each
 *       call's latency counted from when it was due to start, not from when it started (so a stall delays the
 *       calls behind it and shows in their latencies, which a closed loop would hide).</li>
 * </ul>
 * Calls are asynchronous, so the client needs no thread per call in flight and costs the machine little.
 */
final class LoadDriver {

    private LoadDriver() {
    }

    static Figures closedLoop(String name, UnaryCall call, int inFlight, Duration duration) {
        long[][] perChain = new long[inFlight][];
        int[] counts = new int[inFlight];
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        AtomicLong sequence = new AtomicLong();
        CountDownLatch done = new CountDownLatch(inFlight);
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        for (int chain = 0; chain < inFlight; chain++) {
            perChain[chain] = new long[1 << 14];
            new Chain(call, chain, perChain, counts, deadline, sequence, failures, firstFailure, done).next();
        }
        await(done, duration.plusSeconds(30));
        long elapsed = System.nanoTime() - started;
        reportFailure(name, failures, firstFailure);
        long[] latencies = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int chain = 0; chain < inFlight; chain++) {
            System.arraycopy(perChain[chain], 0, latencies, at, counts[chain]);
            at += counts[chain];
        }
        return new Figures(name, "closed loop, " + inFlight + " in flight", elapsed, latencies, failures.get());
    }

    /** One sequence of calls, each started by the answer to the one before; its arrays are written by it alone. */
    private record Chain(UnaryCall call, int index, long[][] perChain, int[] counts, long deadline,
                         AtomicLong sequence, AtomicLong failures, AtomicReference<Throwable> firstFailure,
                         CountDownLatch done) {

        void next() {
            long start = System.nanoTime();
            if (start >= deadline) {
                done.countDown();
                return;
            }
            CompletableFuture<?> answer;
            // The next call starts in the answer's callback, inside the previous call's gRPC context: started from
            // the root context, or each call's context would chain onto the one before it for the whole pass
            // (grpc-java logs an error past 1,000 links, and the chain is kept alive until the pass ends).
            Context outer = Context.ROOT.attach();
            try {
                answer = call.call(sequence.getAndIncrement());
            } catch (RuntimeException failed) {
                answer = CompletableFuture.failedFuture(failed);
            } finally {
                Context.ROOT.detach(outer);
            }
            answer.whenComplete((ignored, failed) -> {
                long latency = System.nanoTime() - start;
                if (failed != null) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, failed);
                    // Not on this stack: a call failing at once would otherwise recurse until the deadline.
                    CompletableFuture.runAsync(this::next);
                    return;
                } else {
                    if (counts[index] == perChain[index].length) {
                        perChain[index] = Arrays.copyOf(perChain[index], counts[index] * 2);
                    }
                    perChain[index][counts[index]++] = latency;
                }
                next();
            });
        }
    }

    static Figures paced(String name, UnaryCall call, double rate, Duration duration) {
        int total = (int) Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        long interval = Math.max(1, Math.round(1e9 / rate));
        long[] latencies = new long[total];
        boolean[] succeeded = new boolean[total];
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        CountDownLatch answered = new CountDownLatch(total);
        long started = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = started + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000));
            }
            int index = i;
            CompletableFuture<?> answer;
            try {
                answer = call.call(i);
            } catch (RuntimeException failed) {
                answer = CompletableFuture.failedFuture(failed);
            }
            answer.whenComplete((ignored, failed) -> {
                latencies[index] = System.nanoTime() - due;
                if (failed != null) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, failed);
                } else {
                    succeeded[index] = true;
                }
                answered.countDown();
            });
        }
        await(answered, Duration.ofSeconds(60));
        long elapsed = System.nanoTime() - started;
        reportFailure(name, failures, firstFailure);
        long[] ok = new long[total - (int) failures.get()];
        int at = 0;
        for (int i = 0; i < total && at < ok.length; i++) {
            if (succeeded[i]) {
                ok[at++] = latencies[i];
            }
        }
        return new Figures(name, String.format(java.util.Locale.ROOT, "paced, %,.0f calls/s", rate), elapsed,
                Arrays.copyOf(ok, at), failures.get());
    }

    private static void await(CountDownLatch latch, Duration atMost) {
        try {
            if (!latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("calls still unanswered after " + atMost);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private static void reportFailure(String name, AtomicLong failures, AtomicReference<Throwable> first) {
        if (failures.get() > 0) {
            System.err.println(name + ": " + failures.get() + " calls failed, the first with " + first.get());
        }
    }
}
