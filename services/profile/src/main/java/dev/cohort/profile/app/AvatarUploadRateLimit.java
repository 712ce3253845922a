package dev.cohort.profile.app;

import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.redis.FixedWindowLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.redisson.api.RedissonClient;

/**
 * At most {@code limit} avatar uploads per person and {@code window}, shared by every replica (each upload hands
 * out a URL to the store and costs a row, so it is the abuse-prone call). Over the limit: RESOURCE_EXHAUSTED
 * (RATE_LIMITED) with when to retry.
 */
public class AvatarUploadRateLimit {

    private final FixedWindowLimit limit;

    public AvatarUploadRateLimit(RedissonClient redis, int limit, Duration window, Clock clock) {
        this.limit = new FixedWindowLimit(redis, "profile:avatar-uploads", limit, window, clock);
    }

    public void acquire(UUID userId) {
        limit.tryAcquire(userId.toString()).ifPresent(wait -> {
            throw new ResourceExhaustedException("RATE_LIMITED", "Too many avatar uploads; try again later.", wait);
        });
    }
}
