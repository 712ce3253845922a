package dev.cohort.chat.live;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of live delivery, apart from gRPC's and Redisson's so that neither ever waits on PostgreSQL or on a
 * client: {@code worker} does the blocking work (reads, Redis, commands), {@code writers} write frames to
 * transports, {@code timer} fires heartbeats, idle checks and gap fills (and only hands work on).
 *
 * <p>The worker's queue is unbounded, but what can be on it is bounded by the streams: each has at most one
 * command, one replay page and one cleanup in flight, each conversation one gap fill.
 */
final class LiveExecutors implements AutoCloseable {

    private final ExecutorService worker;
    private final ExecutorService writers;
    private final ScheduledExecutorService timer;

    LiveExecutors(int workerThreads, int writerThreads) {
        this.worker = Executors.newFixedThreadPool(workerThreads, named("chat-live-worker-"));
        this.writers = Executors.newFixedThreadPool(writerThreads, named("chat-live-writer-"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named("chat-live-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
    }

    ExecutorService worker() {
        return worker;
    }

    ExecutorService writers() {
        return writers;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        worker.shutdownNow();
        writers.shutdownNow();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
