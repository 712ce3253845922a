package dev.cohort.devgateway;

import java.time.Duration;
import java.time.Instant;

/**
 * One token bucket with Envoy's refill rule: it starts full, and at the end of each whole fill interval
 * {@code tokensPerFill} tokens are added, up to {@code maxTokens}. Time comes from the caller, so the bucket has
 * no timer and tests can move the clock.
 */
final class TokenBucket {

    private final RateLimits.TokenBucketSize size;
    private final long fillNanos;
    private long tokens;
    private Instant lastFill;

    TokenBucket(RateLimits.TokenBucketSize size, Instant now) {
        this.size = size;
        this.fillNanos = size.fillInterval().toNanos();
        this.tokens = size.maxTokens();
        this.lastFill = now;
    }

    /** Takes a token if there is one. */
    synchronized boolean tryTake(Instant now) {
        refill(now);
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    /** How long until the next token arrives; zero while there is one. */
    synchronized Duration timeToNextToken(Instant now) {
        refill(now);
        if (tokens > 0) {
            return Duration.ZERO;
        }
        return Duration.between(now, lastFill.plusNanos(fillNanos));
    }

    /** Full again: forgetting the bucket changes nothing for its client. */
    synchronized boolean isFull(Instant now) {
        refill(now);
        return tokens == size.maxTokens();
    }

    private void refill(Instant now) {
        long elapsed = Duration.between(lastFill, now).toNanos();
        // A clock that steps back adds nothing; it never takes tokens away either.
        if (elapsed < fillNanos) {
            return;
        }
        long fills = elapsed / fillNanos;
        long fillsToFull = (size.maxTokens() - tokens + size.tokensPerFill() - 1) / size.tokensPerFill();
        tokens = fills >= fillsToFull ? size.maxTokens() : tokens + fills * size.tokensPerFill();
        lastFill = lastFill.plusNanos(fills * fillNanos);
    }
}
