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
        if (account(normalisedEmail).availablePermits() <= 0 || address(clientAddress).availablePermits() <= 0) {
            return Optional.of(settings.window());
        }
        return Optional.empty();
    }

    @Override
    public void recordFailure(String normalisedEmail, String clientAddress) {
        account(normalisedEmail).tryAcquire();
        address(clientAddress).tryAcquire();
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
