package dev.cohort.bench.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes the peak pass's loop over delivery rather than over persistence, for one conversation: after its k-th
 * acknowledged send, a sender's next send waits until the conversation's subscribers have received k messages each
 * (k × subscribers deliveries of benchmark messages between them). A loop on acks alone measures how fast the
 * service persists; once that outruns what it can deliver, the readers' queues fill and the service rightly cuts
 * them off as slow consumers, and the pass reports the cut-off instead of a peak. Waiting for delivery makes the
 * peak the highest rate the whole path sustains.
 *
 * <p>Counted in aggregate, not per message: per-subscriber order is checked elsewhere, and what matters here is
 * that the messages acknowledged but not yet delivered stay bounded (by the senders' in-flight sends).
 */
final class DeliveryGate {

    private final int subscribers;
    private final AtomicLong delivered = new AtomicLong();
    /** The threshold of the first waiting send; MAX_VALUE when none waits (read on every delivery). */
    private volatile long nextThreshold = Long.MAX_VALUE;
    // Guarded by this.
    private long acknowledged;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    DeliveryGate(int subscribers) {
        this.subscribers = subscribers;
    }

    /** One benchmark message reached one subscriber of the conversation. */
    void delivered() {
        if (delivered.incrementAndGet() >= nextThreshold) {
            release();
        }
    }

    /** A send to the conversation was acknowledged: {@code next} runs once every subscriber could have it. */
    void afterDelivery(Runnable next) {
        synchronized (this) {
            acknowledged++;
            long threshold = acknowledged * subscribers;
            if (!waiting.isEmpty() || delivered.get() < threshold) {
                waiting.add(new Waiting(threshold, next));
                nextThreshold = waiting.peek().threshold;
                next = null;
            }
        }
        if (next != null) {
            next.run();
            return;
        }
        // A delivery counted before the threshold was published did not see it.
        if (delivered.get() >= nextThreshold) {
            release();
        }
    }

    /** Sends waiting now (for the progress lines and tests). */
    synchronized int waiting() {
        return waiting.size();
    }

    private void release() {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            long now = delivered.get();
            while (!waiting.isEmpty() && waiting.peek().threshold <= now) {
                due.add(waiting.poll().next);
            }
            nextThreshold = waiting.isEmpty() ? Long.MAX_VALUE : waiting.peek().threshold;
        }
        due.forEach(Runnable::run);
    }

    private record Waiting(long threshold, Runnable next) {
    }
}
