package dev.cohort.devgateway;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The local gateway's rate limits, in the terms of envoy.yaml's {@code local_ratelimit} filter: one token bucket
 * for every call, and tighter ones for single RPCs (a call to those takes a token from both, as Envoy does).
 *
 * <p>Envoy keeps one set of buckets per gateway instance; the local gateway keeps one per client address (the
 * peer's, never a forwarded header, as Envoy's {@code use_remote_address}), so one noisy client cannot use up
 * another's calls. Envoy's numbers are meant for everyone at once: a person using the UI never gets near them.
 *
 * @param everyCall bucket every call takes a token from
 * @param perMethod full method name ({@code cohort.identity.v1.IdentityService/Login}) to its own bucket
 */
public record RateLimits(TokenBucketSize everyCall, Map<String, TokenBucketSize> perMethod) {

    static final String LOGIN = GatewaySettings.IDENTITY + "/Login";
    static final String REGISTER = GatewaySettings.IDENTITY + "/Register";

    /**
     * Envoy's {@code type.v3.TokenBucket}: holds at most {@code maxTokens} (and starts full); every
     * {@code fillInterval}, {@code tokensPerFill} more are added.
     */
    public record TokenBucketSize(long maxTokens, long tokensPerFill, Duration fillInterval) {

        public TokenBucketSize {
            if (maxTokens <= 0 || tokensPerFill <= 0) {
                throw new IllegalArgumentException("maxTokens and tokensPerFill must be positive");
            }
            if (fillInterval.isNegative() || fillInterval.isZero()) {
                throw new IllegalArgumentException("fillInterval must be positive");
            }
        }

        /** {@code tokensPerFill} tokens every second, at most as many at once. */
        public static TokenBucketSize perSecond(long tokensPerFill, long maxTokens) {
            return new TokenBucketSize(maxTokens, tokensPerFill, Duration.ofSeconds(1));
        }
    }

    public RateLimits {
        Objects.requireNonNull(everyCall, "everyCall");
        perMethod = Map.copyOf(perMethod);
    }

    /** envoy.yaml's buckets: 200 calls/s, Login 20/s (bursts of 40), Register 5/s (bursts of 10). */
    public static RateLimits envoyDefaults() {
        return new RateLimits(TokenBucketSize.perSecond(200, 200), Map.of(
                LOGIN, TokenBucketSize.perSecond(20, 40),
                REGISTER, TokenBucketSize.perSecond(5, 10)));
    }
}
