package dev.cohort.redis;

import java.time.Clock;
import java.util.UUID;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Who is connected to chat, as chat records it in Redis (ADR 24, 41): a sorted set per user of their open live
 * streams, each scored with the moment it lapses unless renewed. Chat writes it; other services (notification:
 * "a direct message while not connected") only read it, through this class, so the key layout is written down in
 * one place and not copied.
 */
public final class ChatPresence {

    private final RedissonClient redis;
    private final Clock clock;

    public ChatPresence(RedissonClient redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** The key of {@code user}'s open streams (behind the client's key prefix). */
    public static String streamsKey(UUID user) {
        return "chat:presence:" + user;
    }

    /** Whether {@code user} has a chat stream open now on any replica. */
    public boolean connected(UUID user) {
        return redis.getScoredSortedSet(streamsKey(user), StringCodec.INSTANCE)
                .count(clock.millis(), false, Double.POSITIVE_INFINITY, true) > 0;
    }
}
