package dev.cohort.chat.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands the stream writes of one fan-out payload to the writer executor as a few tasks instead of one per stream.
 * A payload from Redis holds a writer batch's messages, each for every follower of its conversation; at 100
 * followers per conversation a task per stream and frame meant hundreds of thousands of executor hand-offs (a
 * queue operation and often a thread wake-up each) per second, more than the writes themselves. While
 * {@link #dispatch} runs, the streams that would schedule a write join a list; at its end the list is cut into at
 * most {@code tasks} chunks, one executor task each, which write their streams in turn. The writes stay on the
 * writer threads, in FIFO order with every other write, and off the thread that reads Redis. Streams written
 * from anywhere else (answers, replays, transport readiness) are unaffected.
 */
final class FanOutDrains {

    private static final ThreadLocal<List<Runnable>> PENDING = new ThreadLocal<>();

    private final Executor writers;
    private final int tasks;

    FanOutDrains(Executor writers, int tasks) {
        if (tasks < 1) {
            throw new IllegalArgumentException("at least one task per payload");
        }
        this.writers = writers;
        this.tasks = tasks;
    }

    /** Runs {@code dispatch}, then hands the stream writes it scheduled to the writers in at most {@code tasks}. */
    void dispatch(Runnable dispatch) {
        if (PENDING.get() != null) {
            dispatch.run();
            return;
        }
        List<Runnable> pending = new ArrayList<>();
        PENDING.set(pending);
        try {
            dispatch.run();
        } finally {
            PENDING.remove();
            submit(pending);
        }
    }

    /** Takes {@code drain} for the end of the current {@link #dispatch}; false when none runs on this thread. */
    static boolean defer(Runnable drain) {
        List<Runnable> pending = PENDING.get();
        if (pending == null) {
            return false;
        }
        pending.add(drain);
        return true;
    }

    private void submit(List<Runnable> drains) {
        if (drains.isEmpty()) {
            return;
        }
        int chunks = Math.min(tasks, drains.size());
        int size = (drains.size() + chunks - 1) / chunks;
        for (int from = 0; from < drains.size(); from += size) {
            List<Runnable> chunk = drains.subList(from, Math.min(drains.size(), from + size));
            try {
                writers.execute(() -> chunk.forEach(Runnable::run));
            } catch (RejectedExecutionException shuttingDown) {
                // The writers are gone: the application is stopping. Write here; each stream closes itself.
                chunk.forEach(Runnable::run);
            }
        }
    }
}
