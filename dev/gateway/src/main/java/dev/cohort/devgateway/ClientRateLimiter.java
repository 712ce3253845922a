package dev.cohort.devgateway;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buckets of {@link RateLimits}, one set per client address. A call to an RPC with its own bucket must get a
 * token from that bucket first and then from the every-call bucket; a call refused by its own bucket takes
 * nothing from the every-call one (Envoy's local_ratelimit checks its descriptors' buckets before the default).
 */
final class ClientRateLimiter {

    /** Above this many buckets, full ones are dropped: a full bucket is the same as a new one. */
    private static final int SWEEP_ABOVE = 10_000;
    private static final String EVERY_CALL = "";

    private record BucketKey(InetAddress client, String scope) {
    }

    /** A refused call: which bucket was empty, and when it gets its next token. */
    record Refusal(String bucket, Duration retryAfter) {
    }

    private final RateLimits limits;
    private final InstantSource clock;
    private final Map<BucketKey, TokenBucket> buckets = new ConcurrentHashMap<>();

    ClientRateLimiter(RateLimits limits, InstantSource clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Takes the tokens this call needs; empty when it may go on. */
    Optional<Refusal> take(InetAddress client, String fullMethodName) {
        Instant now = clock.instant();
        sweepIfLarge(now);
        RateLimits.TokenBucketSize own = limits.perMethod().get(fullMethodName);
        if (own != null) {
            Optional<Refusal> refused = take(new BucketKey(client, fullMethodName), own, now);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return take(new BucketKey(client, EVERY_CALL), limits.everyCall(), now);
    }

    private Optional<Refusal> take(BucketKey key, RateLimits.TokenBucketSize size, Instant now) {
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(size, now));
        if (bucket.tryTake(now)) {
            return Optional.empty();
        }
        String name = key.scope().equals(EVERY_CALL) ? "every call" : key.scope();
        return Optional.of(new Refusal(name, bucket.timeToNextToken(now)));
    }

    /**
     * A call racing with the sweep may take its token from a bucket that is being dropped; it was full, so the
     * client gets at most one call more than its limit.
     */
    private void sweepIfLarge(Instant now) {
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
    }

    /** How many buckets are kept (for tests of the sweep). */
    int trackedBuckets() {
        return buckets.size();
    }
}
