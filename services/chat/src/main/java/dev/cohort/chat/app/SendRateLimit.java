package dev.cohort.chat.app;

import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Messages per user and second, as a token bucket per user in this replica: a burst of {@code burst}, refilled at
 * {@code perSecond}. Kept in memory rather than in Redis because it sits on the hottest path and a replica's
 * share is what protects it; across N replicas a user may send at most N times the rate (ADR 0015). Buckets of
 * users who stopped sending are dropped once full again.
 */
public class SendRateLimit {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    public SendRateLimit(double perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one token for {@code userId}, or throws RESOURCE_EXHAUSTED (RATE_LIMITED) with when to retry. */
    public void acquire(UUID userId) {
        long now = nanoTime.getAsLong();
        double[] wait = new double[1];
        buckets.compute(userId, (id, bucket) -> {
            Bucket current = bucket == null ? new Bucket(burst, now) : bucket.refill(now, perSecond, burst);
            if (current.tokens >= 1) {
                return new Bucket(current.tokens - 1, now);
            }
            wait[0] = (1 - current.tokens) / perSecond;
            return current;
        });
        if (wait[0] > 0) {
            throw new ResourceExhaustedException("RATE_LIMITED", "Too many messages; slow down.",
                    Duration.ofNanos((long) (wait[0] * TimeUnit.SECONDS.toNanos(1))).plusMillis(1));
        }
        if (buckets.size() > 10_000) {
            buckets.entrySet().removeIf(entry -> entry.getValue().refill(now, perSecond, burst).tokens >= burst);
        }
    }

    private record Bucket(double tokens, long at) {
        Bucket refill(long now, double perSecond, double burst) {
            double refilled = Math.min(burst, tokens + (now - at) / 1e9 * perSecond);
            return new Bucket(refilled, now);
        }
    }
}
