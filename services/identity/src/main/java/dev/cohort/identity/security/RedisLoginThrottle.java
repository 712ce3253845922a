package dev.cohort.identity.security;

import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.identity.domain.LoginThrottle;
import dev.cohort.identity.domain.Secrets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;

/**
 * Failed sign-ins counted with Redisson rate limiters shared by every identity replica: one per account (keyed
 * by a hash of the e-mail, so Redis never holds addresses in clear) and one per client address. Each failure
 * takes a permit; with none left, sign-in is refused until permits come back (at most one window later).
 */
public final class RedisLoginThrottle implements LoginThrottle {

    private final RedissonClient redis;
    private final IdentityProperties.LoginThrottle settings;

    public RedisLoginThrottle(RedissonClient redis, IdentityProperties.LoginThrottle settings) {
        this.redis = redis;
        this.settings = settings;
    }

    @Override
    public Optional<Duration> blockedFor(String normalisedEmail, String clientAddress) {
        if (exhausted(account(normalisedEmail)) || exhausted(address(clientAddress))) {
            return Optional.of(settings.window());
        }
        return Optional.empty();
    }

    private boolean exhausted(RRateLimiter limiter) {
        boolean exhausted = limiter.availablePermits() <= 0;
        limiter.expire(settings.window()); // the check itself may create the limiter's value key
        return exhausted;
    }

    @Override
    public void recordFailure(String normalisedEmail, String clientAddress) {
        consume(account(normalisedEmail));
        consume(address(clientAddress));
    }

    /**
     * Takes a permit and keeps the limiter's keys no longer than one window after the last use: Redisson writes the
     * limiter's value key without an expiry, and one key per account or address ever seen would otherwise stay in
     * Redis forever.
     */
    private void consume(RRateLimiter limiter) {
        limiter.tryAcquire();
        limiter.expire(settings.window());
    }

    @Override
    public void recordSuccess(String normalisedEmail) {
        account(normalisedEmail).delete();
    }

    private RRateLimiter account(String normalisedEmail) {
        String key = HexFormat.of().formatHex(Secrets.hash(normalisedEmail), 0, 16);
        return limiter("identity:login-failures:account:" + key, settings.maxFailuresPerAccount());
    }

    private RRateLimiter address(String clientAddress) {
        return limiter("identity:login-failures:address:" + clientAddress, settings.maxFailuresPerAddress());
    }

    private RRateLimiter limiter(String name, int permits) {
        RRateLimiter limiter = redis.getRateLimiter(name);
        // keepAlive = window: an idle limiter disappears from Redis on its own.
        limiter.trySetRate(RateType.OVERALL, permits, settings.window(), settings.window());
        return limiter;
    }
}
