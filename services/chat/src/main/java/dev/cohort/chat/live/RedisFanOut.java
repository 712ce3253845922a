package dev.cohort.chat.live;

import java.util.List;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries live frames between replicas over one Redis pub/sub channel (a Redisson {@link RTopic}, so its name
 * gets the application's key prefix). Every replica publishes what happened through it and delivers what it
 * receives, its own frames included, to its {@link LiveHub}; so a frame takes the same path whichever replica
 * the sender and the reader are connected to.
 *
 * <p>Pub/sub is at most once: a frame published while a replica is disconnected never reaches it. That is
 * acceptable because nothing depends on it alone: messages carry sequences and are read back from PostgreSQL
 * when one is missing (and after a reconnect, see {@link LiveHub#catchUp}).
 */
final class RedisFanOut {

    private static final Logger log = LoggerFactory.getLogger(RedisFanOut.class);

    private final RTopic topic;
    private final LiveHub hub;
    private final LiveMetrics metrics;
    private final FanOutDrains drains;
    private Integer messageListener;
    private Integer statusListener;

    RedisFanOut(RedissonClient redisson, String topicName, LiveHub hub, LiveMetrics metrics, FanOutDrains drains) {
        this.topic = redisson.getTopic(topicName, ByteArrayCodec.INSTANCE);
        this.hub = hub;
        this.metrics = metrics;
        this.drains = drains;
    }

    /** Sends the frame to every replica; never throws (a lost frame is repaired by sequence). */
    void publish(LiveEnvelope envelope) {
        publishAll(List.of(envelope));
    }

    /**
     * Sends the frames to every replica in one Redis publish, in order; never throws. A writer batch goes out this
     * way: one round trip to Redis, and one message for each replica to decode, however many messages it holds.
     */
    void publishAll(List<LiveEnvelope> envelopes) {
        if (envelopes.isEmpty()) {
            return;
        }
        try {
            topic.publishAsync(LiveEnvelope.encodeAll(envelopes)).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    warnNotPublished(envelopes, failure);
                }
            });
        } catch (RuntimeException failure) {
            warnNotPublished(envelopes, failure);
        }
    }

    private static void warnNotPublished(List<LiveEnvelope> envelopes, Throwable failure) {
        log.atWarn().setCause(failure).addKeyValue("frame", envelopes.get(0).frame().getFrameCase())
                .addKeyValue("frames", envelopes.size()).log("live frames could not be published");
    }

    synchronized void listen() {
        if (messageListener != null) {
            return;
        }
        // The status listener first: Redisson reports a subscription only to the listeners present when it
        // completes, and this one must also hear of every re-subscription after a lost connection.
        statusListener = topic.addListener(new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                log.atInfo().addKeyValue("channel", channel).log("live fan-out subscribed");
                hub.catchUp();
            }

            @Override
            public void onUnsubscribe(String channel) {
                log.atInfo().addKeyValue("channel", channel).log("live fan-out unsubscribed");
            }
        });
        MessageListener<byte[]> receiver = (channel, payload) -> receive(payload);
        messageListener = topic.addListener(byte[].class, receiver);
        // Frames published between the subscription and the message listener reached nobody here.
        hub.catchUp();
    }

    synchronized void stopListening() {
        if (messageListener != null) {
            topic.removeListener(messageListener, statusListener);
            messageListener = null;
            statusListener = null;
        }
    }

    private void receive(byte[] payload) {
        List<LiveEnvelope> envelopes;
        try {
            envelopes = LiveEnvelope.decodeAll(payload);
        } catch (RuntimeException unusable) {
            log.atWarn().setCause(unusable).log("live frames from the fan-out could not be read");
            return;
        }
        // The streams are written once the whole payload is dispatched, by a few writer tasks.
        drains.dispatch(() -> {
            for (LiveEnvelope envelope : envelopes) {
                try {
                    metrics.received(envelope.frame());
                    hub.dispatch(envelope);
                } catch (RuntimeException unusable) {
                    log.atWarn().setCause(unusable).log("live frame from the fan-out could not be delivered");
                }
            }
        });
    }
}
