package dev.cohort.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RedissonClient;

/**
 * At most {@code limit} uses per key and {@code window}, counted in Redis so that every replica shares the count:
 * the one per-user (or per-address) limit on abuse-prone calls. A fixed window per key is enough here: what is
 * limited costs a row, an e-mail or a URL to the object store, and a burst of twice the limit at a window's edge is
 * harmless. The counter lives twice the window and then disappears by itself.
 */
public final class FixedWindowLimit {

    private final RedissonClient redis;
    private final String name;
    private final int limit;
    private final Duration window;
    private final Clock clock;

    /** {@code name} keeps the counters of different limits apart, e.g. {@code "profile:avatar-uploads"}. */
    public FixedWindowLimit(RedissonClient redis, String name, int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(name + ": the limit and the window must be positive");
        }
        this.redis = redis;
        this.name = name;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Counts one use of {@code key}: empty when it is within the limit, otherwise how long until the next window
     * (for {@code google.rpc.RetryInfo}). A refused use counts too, so hammering does not open the next window early.
     */
    public Optional<Duration> tryAcquire(String key) {
        long windowMillis = window.toMillis();
        // Not clock.millis(): a microsecond tick clock divides by zero there on Java 17.
        long now = clock.instant().toEpochMilli();
        long slot = now / windowMillis;
        RAtomicLong count = redis.getAtomicLong(name + ":" + key + ":" + slot);
        long used = count.incrementAndGet();
        if (used == 1) {
            count.expire(window.multipliedBy(2));
        }
        if (used <= limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((slot + 1) * windowMillis - now + 1));
    }
}
