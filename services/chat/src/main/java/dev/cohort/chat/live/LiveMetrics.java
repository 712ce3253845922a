package dev.cohort.chat.live;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What live delivery reports about itself: the memory it holds for clients (frames queued), how many streams it
 * serves, and how many clients it cut off. Exposed as Micrometer meters when the application has a registry.
 */
final class LiveMetrics {

    private final AtomicInteger peakQueue = new AtomicInteger();
    private final AtomicLong slowConsumers = new AtomicLong();
    private final AtomicLong gapFills = new AtomicLong();

    void notePeakQueue(int frames) {
        peakQueue.accumulateAndGet(frames, Math::max);
    }

    void slowConsumer() {
        slowConsumers.incrementAndGet();
    }

    void gapFilled() {
        gapFills.incrementAndGet();
    }

    /** The most frames any one stream of this replica has held at once since it started. */
    int peakQueuedFrames() {
        return peakQueue.get();
    }

    long slowConsumers() {
        return slowConsumers.get();
    }

    long gapFills() {
        return gapFills.get();
    }

    void bindTo(MeterRegistry registry, LiveHub hub) {
        Gauge.builder("chat.live.streams", hub, LiveHub::streamCount)
                .description("Open Subscribe and Connect streams on this replica").register(registry);
        Gauge.builder("chat.live.queued.frames", hub, LiveHub::queuedFrames)
                .description("Frames waiting for clients, over all streams of this replica").register(registry);
        Gauge.builder("chat.live.queued.frames.peak", peakQueue, AtomicInteger::get)
                .description("Most frames one stream has held at once").register(registry);
        FunctionCounter.builder("chat.live.slow.consumers", slowConsumers, AtomicLong::get)
                .description("Streams closed because their client did not keep up").register(registry);
        FunctionCounter.builder("chat.live.gap.fills", gapFills, AtomicLong::get)
                .description("Reads of missed messages from PostgreSQL after a lost or late live frame")
                .register(registry);
    }
}
