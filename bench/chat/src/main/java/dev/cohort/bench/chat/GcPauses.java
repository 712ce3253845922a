package dev.cohort.bench.chat;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collections of this JVM (service and load generator together) in a measurement window: how many,
 * their time in all and the longest, from the collectors' notifications. With G1 a young or mixed collection's
 * duration is its stop-the-world pause, which every thread of the service and of the clients waits out. On Java 17
 * the short remark and cleanup pauses of G1's concurrent marking are not reported this way (the GC log has them).
 */
final class GcPauses implements AutoCloseable {

    private final LongAdder count = new LongAdder();
    private final LongAdder millis = new LongAdder();
    private final AtomicLong longest = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            long duration = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                    .getGcInfo().getDuration();
            count.increment();
            millis.add(duration);
            longest.accumulateAndGet(duration, Math::max);
        }
    };

    GcPauses() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /** Starts a window. */
    void reset() {
        count.reset();
        millis.reset();
        longest.set(0);
    }

    /** The collections since {@link #reset()}. */
    Window window() {
        return new Window(count.sum(), millis.sum(), longest.get());
    }

    /** Collections in a window: how many, milliseconds in all, the longest in milliseconds. */
    record Window(long count, long totalMillis, long longestMillis) {
        String describe() {
            return count == 0 ? "no collections"
                    : String.format("%,d collections, %,d ms in all, longest %,d ms", count, totalMillis,
                    longestMillis);
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException gone) {
                // Nothing to remove.
            }
        }
    }
}
