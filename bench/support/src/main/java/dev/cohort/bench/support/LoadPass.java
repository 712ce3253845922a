package dev.cohort.bench.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** {@code clients} threads making one kind of call back to back for a while; every call's latency is kept. */
public final class LoadPass {

    /** One call: draws its request from {@code random} and answers how many results came back. */
    public interface Call {
        int call(SplittableRandom random) throws Exception;
    }

    /** The figures of one pass: latencies in nanoseconds over {@code nanos} of wall time. */
    public record Figures(String name, int clients, long nanos, long[] latencies, long failures, long results) {

        public double perSecond() {
            return latencies.length / (nanos / 1e9);
        }

        public double resultsPerCall() {
            return latencies.length == 0 ? 0 : (double) results / latencies.length;
        }

        /** The {@code percentile} (0-100; 100 is the maximum) latency in milliseconds, nearest rank. */
        public double percentileMillis(double percentile) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    private LoadPass() {
    }

    /** Sleeps at least {@code duration} (rounded up to a millisecond). */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep((duration.toNanos() + 999_999) / 1_000_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    public static Figures run(String name, int clients, Duration duration, long seed, Call call) {
        List<long[]> perClient = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        AtomicLong results = new AtomicLong();
        List<Throwable> firstFailure = new ArrayList<>();
        long deadline = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        long started = System.nanoTime();
        for (int client = 0; client < clients; client++) {
            SplittableRandom random = new SplittableRandom(seed * 31 + client);
            Thread thread = new Thread(() -> {
                long[] latencies = new long[1 << 14];
                int count = 0;
                long found = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        int answered;
                        try {
                            answered = call.call(random);
                        } catch (Exception failed) {
                            failures.incrementAndGet();
                            synchronized (firstFailure) {
                                if (firstFailure.isEmpty()) {
                                    firstFailure.add(failed);
                                }
                            }
                            continue;
                        }
                        long elapsed = System.nanoTime() - start;
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = elapsed;
                        found += answered;
                    }
                } finally {
                    synchronized (perClient) {
                        perClient.add(Arrays.copyOf(latencies, count));
                    }
                    results.addAndGet(found);
                    done.countDown();
                }
            }, name + "-client-" + client);
            thread.start();
        }
        try {
            done.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
        long elapsed = System.nanoTime() - started;
        if (!firstFailure.isEmpty()) {
            System.err.println(name + ": " + failures.get() + " calls failed, the first with " + firstFailure.get(0));
        }
        long[] latencies = perClient.stream().flatMapToLong(Arrays::stream).toArray();
        return new Figures(name, clients, elapsed, latencies, failures.get(), results.get());
    }
}
