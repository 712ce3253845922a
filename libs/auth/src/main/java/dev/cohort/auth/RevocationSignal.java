package dev.cohort.auth;

import java.util.function.Consumer;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every replica of every service at once that some of a user's access tokens were just revoked (ADR 0021):
 * a Redis pub/sub topic carrying the user id. It is only a hint to look now: the {@link TokenDenyList} stays the
 * source of truth, written before the signal goes out, so a listener re-checks the tokens it holds against it, and
 * a message lost on the way is caught by the listener's next check (its periodic sweep, or the sweep after the
 * subscription is restored).
 */
public final class RevocationSignal {

    private static final Logger log = LoggerFactory.getLogger(RevocationSignal.class);
    /** Behind the Redisson key prefix, like every other name. */
    static final String TOPIC = "auth:token-revocations";

    private final RTopic topic;

    public RevocationSignal(RedissonClient redis) {
        this.topic = redis.getTopic(TOPIC, StringCodec.INSTANCE);
    }

    /** Announces that tokens of {@code userId} were revoked; never throws (listeners will still catch up). */
    public void publish(String userId) {
        try {
            topic.publish(userId);
        } catch (RuntimeException failed) {
            log.atWarn().setCause(failed).addKeyValue("userId", userId)
                    .log("revocation signal not published; listeners find the revocation at their next sweep");
        }
    }

    /**
     * Calls {@code revoked} with the user id of every signal, and {@code subscribed} each time the subscription is
     * (re-)established, when signals may have been missed. Returns what stops listening.
     */
    public AutoCloseable listen(Consumer<String> revoked, Runnable subscribed) {
        // The status listener first, so it also hears of the first subscription (Redisson reports it only to the
        // listeners present when it completes).
        int statusListener = topic.addListener(new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                subscribed.run();
            }

            @Override
            public void onUnsubscribe(String channel) {
            }
        });
        int messageListener = topic.addListener(String.class, (channel, userId) -> revoked.accept(userId));
        return () -> topic.removeListener(messageListener, statusListener);
    }
}
