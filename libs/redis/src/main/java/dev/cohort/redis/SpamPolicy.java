package dev.cohort.redis;

import java.time.Duration;
import java.util.Optional;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The abuse policy moderation publishes and chat enforces (ADR 0058), kept in one Redis key: chat reads it in the
 * background every few seconds, never on its send path, and never calls moderation. Moderation writes it; the key
 * layout is written down here only.
 *
 * @param maxIdenticalMessages how many messages with the same text one person may send per window
 * @param maxLinks             how many links one person may send per window, over all their messages
 * @param window               the window both limits count in
 */
public record SpamPolicy(int maxIdenticalMessages, int maxLinks, Duration window) {

    /** The key (behind the client's key prefix). */
    public static final String KEY = "moderation:spam-policy";

    public SpamPolicy {
        if (maxIdenticalMessages < 1 || maxLinks < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a spam policy's limits and window must be positive");
        }
    }

    /** Publishes {@code policy} to every chat replica (they pick it up at their next read). */
    public static void publish(RedissonClient redis, SpamPolicy policy) {
        bucket(redis).set(policy.encode());
    }

    /** Publishes {@code policy} unless one is published already (the configured default at a first start). */
    public static void publishIfAbsent(RedissonClient redis, SpamPolicy policy) {
        bucket(redis).setIfAbsent(policy.encode());
    }

    /** The published policy; empty when none is (no limits). */
    public static Optional<SpamPolicy> current(RedissonClient redis) {
        return Optional.ofNullable(bucket(redis).get()).map(SpamPolicy::decode);
    }

    private static RBucket<String> bucket(RedissonClient redis) {
        return redis.getBucket(KEY, StringCodec.INSTANCE);
    }

    /** {@code v1;identical;links;windowMillis}: versioned, so a later layout is never misread. */
    String encode() {
        return "v1;" + maxIdenticalMessages + ";" + maxLinks + ";" + window.toMillis();
    }

    static SpamPolicy decode(String value) {
        String[] parts = value.split(";");
        if (parts.length != 4 || !parts[0].equals("v1")) {
            throw new IllegalStateException("unreadable spam policy in Redis: " + value);
        }
        return new SpamPolicy(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                Duration.ofMillis(Long.parseLong(parts[3])));
    }
}
