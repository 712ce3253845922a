package dev.cohort.chat.live;

import dev.cohort.chat.app.ConversationAccess;
import dev.cohort.chat.app.DeliveryProbe;
import dev.cohort.chat.app.LiveChange;
import dev.cohort.chat.app.LiveFeed;
import dev.cohort.chat.app.MessageQueries;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The delivery side of the live layer: where the use cases' committed changes go ({@link LiveFeed}), and how they
 * reach this replica's streams (fan-out over Redis, ordering per conversation in the {@link LiveHub}). It depends
 * on nothing that publishes, so the use cases can depend on it; the RPC side ({@link LiveService}) builds on it.
 *
 * <p>Listens from before the gRPC server starts until after it stopped, so no stream misses a frame for it.
 */
public final class LiveDelivery implements LiveFeed, SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveDelivery.class);

    private final LiveProperties properties;
    private final LiveExecutors executors;
    private final LiveMetrics metrics;
    private final LiveHub hub;
    private final RedisFanOut fanOut;
    private volatile boolean running;

    /** With {@code probe} told of each new message as it comes back from Redis and as it is written to a stream. */
    public LiveDelivery(RedissonClient redisson, MessageQueries queries, ConversationAccess access,
                        LiveProperties properties, DeliveryProbe probe) {
        this.properties = properties;
        this.metrics = new LiveMetrics(probe);
        this.executors = new LiveExecutors(properties.workerThreads(), properties.writerThreads());
        this.hub = new LiveHub(queries, access::blockedBetween, executors, metrics, properties.gapFillDelay(),
                properties.maxHeldFramesPerConversation());
        this.fanOut = new RedisFanOut(redisson, properties.topic(), hub, metrics,
                new FanOutDrains(executors.writers(), properties.writerThreads()));
    }

    /** Publishes the change to every replica's followers of its conversation; never throws. */
    @Override
    public void publish(LiveChange change) {
        try {
            fanOut.publish(LiveEnvelope.of(change.conversationId(), LiveFrames.of(change)));
        } catch (RuntimeException failed) {
            log.atWarn().setCause(failed).addKeyValue("conversationId", change.conversationId())
                    .addKeyValue("change", change.getClass().getSimpleName()).log("live change not published");
        }
    }

    /** Publishes the changes to every replica in one Redis message, in order; never throws. */
    @Override
    public void publishAll(List<LiveChange> changes) {
        List<LiveEnvelope> envelopes = new ArrayList<>(changes.size());
        for (LiveChange change : changes) {
            try {
                envelopes.add(LiveEnvelope.of(change.conversationId(), LiveFrames.of(change)));
            } catch (RuntimeException failed) {
                log.atWarn().setCause(failed).addKeyValue("conversationId", change.conversationId())
                        .addKeyValue("change", change.getClass().getSimpleName()).log("live change not published");
            }
        }
        fanOut.publishAll(envelopes);
    }

    /** Registers the live meters (streams, queued frames, slow consumers, gap fills). */
    public void bindMetrics(MeterRegistry registry) {
        metrics.bindTo(registry, hub);
    }

    @Override
    public void start() {
        fanOut.listen();
        running = true;
    }

    @Override
    public void stop() {
        fanOut.stopListening();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after {@link LiveService} and the gRPC server (phase {@code Integer.MAX_VALUE}). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2;
    }

    @Override
    public void close() {
        executors.close();
    }

    LiveProperties properties() {
        return properties;
    }

    LiveExecutors executors() {
        return executors;
    }

    LiveMetrics metrics() {
        return metrics;
    }

    LiveHub hub() {
        return hub;
    }

    RedisFanOut fanOut() {
        return fanOut;
    }
}
