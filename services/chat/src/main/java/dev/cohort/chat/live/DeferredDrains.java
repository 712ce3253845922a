package dev.cohort.chat.live;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes to streams on the thread that dispatches a fan-out payload, once it is all dispatched, instead of one
 * writer-executor task per stream and frame. A payload from Redis holds a writer batch's messages; each reaches
 * every follower of its conversation, so handing each stream's write to the executor cost a task (and often a
 * thread wake-up) per follower and message, more than the write itself. While {@link #run} dispatches, the
 * streams that would schedule a write join a list instead, and each is written once at the end, all its new
 * frames together. Other threads are unaffected: transport readiness and replays still use the executor.
 */
final class DeferredDrains {

    private static final ThreadLocal<List<Runnable>> PENDING = new ThreadLocal<>();

    private DeferredDrains() {
    }

    /** Runs {@code dispatch}, then on this thread the stream writes it scheduled. */
    static void run(Runnable dispatch) {
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
            for (Runnable drain : pending) {
                drain.run();
            }
        }
    }

    /** Takes {@code drain} for the end of the current {@link #run}; false when none runs on this thread. */
    static boolean defer(Runnable drain) {
        List<Runnable> pending = PENDING.get();
        if (pending == null) {
            return false;
        }
        pending.add(drain);
        return true;
    }
}
