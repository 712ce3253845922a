package dev.cohort.devgateway;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buckets of {@link RateLimits}: one per client address, one per signed-in user, and one per client address
 * for each RPC with a limit of its own. A call takes a token from each bucket that applies to it, tightest first;
 * the first empty one refuses the call, and the looser ones are then left untouched (Envoy's local_ratelimit
 * consumes its matched descriptors' buckets in the same order and stops at the first empty one).
 */
final class ClientRateLimiter {

    /** Above this many buckets, full ones are dropped: a full bucket is the same as a new one. */
    private static final int SWEEP_ABOVE = 10_000;

    /** Whose bucket: a client address, a user, or an address calling one RPC. */
    private record BucketKey(String kind, String owner, String scope) {
    }

    /** One bucket a call must take a token from. */
    private record Applicable(BucketKey key, RateLimits.TokenBucketSize size, String name) {
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

    /**
     * Takes the tokens this call needs; empty when it may go on.
     *
     * @param client         the client's address (the connection's peer)
     * @param user           the subject of the call's valid access token; null when it has none
     * @param fullMethodName {@code package.Service/Method}
     */
    Optional<Refusal> take(InetAddress client, String user, String fullMethodName) {
        Instant now = clock.instant();
        sweepIfLarge(now);
        String address = client.getHostAddress();
        List<Applicable> applicable = new ArrayList<>(3);
        RateLimits.TokenBucketSize own = limits.perMethod().get(fullMethodName);
        if (own != null) {
            applicable.add(new Applicable(new BucketKey("method", address, fullMethodName), own, fullMethodName));
        }
        if (user != null) {
            applicable.add(new Applicable(new BucketKey("user", user, ""), limits.perUser(), "user"));
        }
        applicable.add(new Applicable(new BucketKey("address", address, ""), limits.perAddress(), "client address"));
        applicable.sort(Comparator.comparingDouble(a -> a.size().ratePerSecond()));
        for (Applicable bucket : applicable) {
            Optional<Refusal> refused = take(bucket, now);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private Optional<Refusal> take(Applicable applicable, Instant now) {
        TokenBucket bucket = buckets.computeIfAbsent(applicable.key(), k -> new TokenBucket(applicable.size(), now));
        if (bucket.tryTake(now)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(applicable.name(), bucket.timeToNextToken(now)));
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
