package dev.cohort.devgateway;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The edge's rate limits, in the terms of envoy.yaml's {@code local_ratelimit} filter (ADR 22): token buckets
 * kept per client address and per signed-in user, never one bucket shared by every caller, so one noisy client
 * or account cannot use up anybody else's calls.
 *
 * <ul>
 *   <li>{@code perAddress}: every call takes a token from its client address's bucket (Envoy: descriptor
 *       {@code remote_address}; the address is the connection's peer, never a forwarded header);</li>
 *   <li>{@code perUser}: every call with a valid access token also takes one from its subject's bucket (Envoy:
 *       descriptor {@code user} from jwt_authn's payload), so a user spreading calls over many addresses is still
 *       held to one budget;</li>
 *   <li>{@code perMethod}: a few RPCs (Login, Register) first take a token from a tighter bucket of their own,
 *       again per client address (Envoy: descriptor {@code credentials} + {@code remote_address}).</li>
 * </ul>
 * The tightest bucket is asked first, and a refused call takes nothing from the looser ones (as Envoy does).
 * These numbers are the single source: gateway-envoy's tests check envoy.yaml's descriptors against
 * {@link #defaults()}.
 *
 * @param perAddress bucket of each client address, every call
 * @param perUser    bucket of each signed-in user (token subject), every call that carries a valid token
 * @param perMethod  full method name ({@code cohort.identity.v1.IdentityService/Login}) to its own bucket, kept
 *                   per client address
 */
public record RateLimits(TokenBucketSize perAddress, TokenBucketSize perUser, Map<String, TokenBucketSize> perMethod) {

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

        /** {@code tokensPerFill} tokens every second, at most {@code maxTokens} at once. */
        public static TokenBucketSize perSecond(long tokensPerFill, long maxTokens) {
            return new TokenBucketSize(maxTokens, tokensPerFill, Duration.ofSeconds(1));
        }

        /**
         * {@code "RATE/BURST"}: RATE tokens a second, at most BURST at once (the form of the gateway's
         * {@code --limit-*} options).
         */
        public static TokenBucketSize parse(String rateAndBurst) {
            String[] parts = rateAndBurst.split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected RATE/BURST (tokens a second / at most), got "
                        + rateAndBurst);
            }
            return perSecond(Long.parseLong(parts[0].strip()), Long.parseLong(parts[1].strip()));
        }

        /** Tokens a second, for comparing buckets. */
        double ratePerSecond() {
            return tokensPerFill * 1e9 / fillInterval.toNanos();
        }
    }

    public RateLimits {
        Objects.requireNonNull(perAddress, "perAddress");
        Objects.requireNonNull(perUser, "perUser");
        perMethod = Map.copyOf(perMethod);
    }

    /**
     * The edge's numbers (envoy.yaml has the same): per address 100 calls/s in bursts of 200 (generous, since
     * many people may share one address behind a NAT), per user 50/s in bursts of 100 (far above what a person
     * using the UI sends), Login 5/s in bursts of 20 and Register 2/s in bursts of 10 per address (identity's own
     * throttle guards each account behind this).
     */
    public static RateLimits defaults() {
        return new RateLimits(TokenBucketSize.perSecond(100, 200), TokenBucketSize.perSecond(50, 100), Map.of(
                LOGIN, TokenBucketSize.perSecond(5, 20),
                REGISTER, TokenBucketSize.perSecond(2, 10)));
    }

    /** The same limits with another per-address bucket. */
    public RateLimits withPerAddress(TokenBucketSize size) {
        return new RateLimits(size, perUser, perMethod);
    }

    /** The same limits with another per-user bucket. */
    public RateLimits withPerUser(TokenBucketSize size) {
        return new RateLimits(perAddress, size, perMethod);
    }
}
