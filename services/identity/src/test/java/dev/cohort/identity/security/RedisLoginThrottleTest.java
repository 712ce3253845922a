package dev.cohort.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.redis.CohortRedisAutoConfiguration;
import dev.cohort.redis.CohortRedisProperties;
import dev.cohort.testkit.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/** The throttle against a real Redis: it blocks after the limit, and leaves nothing behind without an expiry. */
class RedisLoginThrottleTest {

    static RedissonClient redis;
    static RedissonClient unprefixed;
    static String prefix;

    final IdentityProperties.LoginThrottle settings = new IdentityProperties.LoginThrottle(2, 5, Duration.ofMinutes(1), false);
    final RedisLoginThrottle throttle = new RedisLoginThrottle(redis, settings);

    @BeforeAll
    static void connect() {
        prefix = TestRedis.shared().newKeyPrefix("throttle");
        redis = Redisson.create(CohortRedisAutoConfiguration.redissonConfig(properties(prefix)));
        unprefixed = Redisson.create(CohortRedisAutoConfiguration.redissonConfig(properties("")));
    }

    @AfterAll
    static void disconnect() {
        redis.shutdown();
        unprefixed.shutdown();
    }

    static CohortRedisProperties properties(String keyPrefix) {
        return new CohortRedisProperties(true, TestRedis.shared().url(), null, keyPrefix, Duration.ofSeconds(2),
                Duration.ofSeconds(3), 0);
    }

    @Test
    void blocksAnAccountAfterItsFailuresAndSaysForHowLong() {
        String email = "blocked-" + System.nanoTime() + "@example.org";

        throttle.recordFailure(email, "10.0.0.1");
        assertThat(throttle.blockedFor(email, "10.0.0.1")).isEmpty();
        throttle.recordFailure(email, "10.0.0.1");

        assertThat(throttle.blockedFor(email, "10.0.0.1")).contains(Duration.ofMinutes(1));
        assertThat(throttle.blockedFor("someone-else@example.org", "10.0.0.2")).isEmpty();
    }

    @Test
    void everyKeyItWritesExpires() {
        String email = "expiring-" + System.nanoTime() + "@example.org";

        // As sign-ins do it: check, fail, check again, fail, then succeed (which clears the account's failures).
        throttle.blockedFor(email, "10.0.0.3");
        throttle.recordFailure(email, "10.0.0.3");
        throttle.blockedFor(email, "10.0.0.3");
        throttle.recordFailure(email, "10.0.0.4");
        throttle.recordSuccess(email);
        throttle.blockedFor(email, "10.0.0.3");

        List<String> keys = unprefixed.getKeys().getKeysStreamByPattern("*" + prefix + "*login-failures*").toList();
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(unprefixed.getKeys().remainTimeToLive(key))
                .as("TTL of %s", key).isPositive());
    }
}
