package dev.cohort.profile.app;

import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RedissonClient;

/**
 * At most {@code limit} avatar uploads per person and {@code window}, counted in Redis so every replica shares
 * the count (a fixed window per person: each upload hands out a URL to the store and costs a row, so it is the
 * abuse-prone call). Over the limit: RESOURCE_EXHAUSTED (RATE_LIMITED) with when to retry.
 */
public class AvatarUploadRateLimit {

    private final RedissonClient redis;
    private final int limit;
    private final Duration window;
    private final Clock clock;

    public AvatarUploadRateLimit(RedissonClient redis, int limit, Duration window, Clock clock) {
        this.redis = redis;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    public void acquire(UUID userId) {
        long windowMillis = window.toMillis();
        long now = clock.instant().toEpochMilli(); // not clock.millis(): a microsecond tick clock divides by zero there
        long slot = now / windowMillis;
        RAtomicLong count = redis.getAtomicLong("profile:avatar-uploads:" + userId + ":" + slot);
        long made = count.incrementAndGet();
        if (made == 1) {
            count.expire(window.multipliedBy(2));
        }
        if (made > limit) {
            throw new ResourceExhaustedException("RATE_LIMITED", "Too many avatar uploads; try again later.",
                    Duration.ofMillis((slot + 1) * windowMillis - now + 1));
        }
    }
}
