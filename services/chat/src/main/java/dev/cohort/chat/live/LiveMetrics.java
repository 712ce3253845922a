package dev.cohort.chat.live;

import dev.cohort.chat.app.DeliveryProbe;
import dev.cohort.chat.v1.ServerFrame;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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

    /** Few fixed buckets (not Micrometer's ~70): enough for a p99 and the alert on it. */
    private static final Duration[] DELIVERY_BUCKETS = java.util.stream.Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final AtomicInteger peakQueue = new AtomicInteger();
    private final AtomicLong slowConsumers = new AtomicLong();
    private final AtomicLong gapFills = new AtomicLong();
    /** Set once a registry is bound; until then deliveries are not timed. */
    private volatile Timer deliveryLatency;
    private final DeliveryProbe probe;

    LiveMetrics() {
        this(DeliveryProbe.NONE);
    }

    LiveMetrics(DeliveryProbe probe) {
        this.probe = probe;
    }

    void notePeakQueue(int frames) {
        peakQueue.accumulateAndGet(frames, Math::max);
    }

    void slowConsumer() {
        slowConsumers.incrementAndGet();
    }

    void gapFilled() {
        gapFills.incrementAndGet();
    }

    /**
     * A frame was handed to a live stream: for a new message, the time from its creation (the send's commit) to
     * now, i.e. the send-to-deliver latency a recipient sees, per recipient stream.
     */
    void delivered(SharedFrame frame) {
        if (!frame.frame().hasMessageCreated()) {
            return;
        }
        probe.reached(DeliveryProbe.Stage.WRITTEN, frame.frame().getMessageCreated().getMessage().getText());
        Timer timer = deliveryLatency;
        if (timer == null) {
            return;
        }
        var created = frame.frame().getMessageCreated().getMessage().getCreateTime();
        long nanos = Duration.between(Instant.ofEpochSecond(created.getSeconds(), created.getNanos()), Instant.now())
                .toNanos();
        timer.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** A frame came in from the Redis fan-out: for a new message, the stage {@link DeliveryProbe.Stage#RECEIVED}. */
    void received(ServerFrame frame) {
        if (frame.hasMessageCreated()) {
            probe.reached(DeliveryProbe.Stage.RECEIVED, frame.getMessageCreated().getMessage().getText());
        }
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
        bindDeliveryLatency(registry);
    }

    /** {@code chat_delivery_latency_seconds}, the histogram {@link #delivered} records into. */
    void bindDeliveryLatency(MeterRegistry registry) {
        deliveryLatency = Timer.builder("chat.delivery.latency")
                .description("From a message's creation to its frame being written to a recipient's live stream")
                .serviceLevelObjectives(DELIVERY_BUCKETS)
                .register(registry);
    }
}
