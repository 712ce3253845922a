package dev.cohort.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.testkit.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

class FixedWindowLimitTest {

    private static final TestRedis REDIS = TestRedis.shared();
    private static RedissonClient redis;
    private final String name = REDIS.newKeyPrefix("FixedWindowLimitTest") + "limit";
    /** The start of a one-minute window, so that "later in the same window" is well defined. */
    private final Instant windowStart = Instant.parse("2026-12-07T10:00:00Z");

    @BeforeAll
    static void connect() {
        Config config = new Config();
        config.useSingleServer().setAddress(REDIS.url());
        redis = Redisson.create(config);
    }

    @AfterAll
    static void disconnect() {
        redis.shutdown();
    }

    private FixedWindowLimit limitAt(Instant now) {
        return new FixedWindowLimit(redis, name, 2, Duration.ofMinutes(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void admitsUpToTheLimitThenAnswersHowLongToWait() {
        FixedWindowLimit limit = limitAt(windowStart.plusSeconds(20));

        assertThat(limit.tryAcquire("alice")).isEmpty();
        assertThat(limit.tryAcquire("alice")).isEmpty();
        Optional<Duration> refused = limit.tryAcquire("alice");

        assertThat(refused).isPresent();
        assertThat(refused.get()).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(41));
    }

    @Test
    void countsEachKeyOnItsOwn() {
        FixedWindowLimit limit = limitAt(windowStart.plusSeconds(5));
        limit.tryAcquire("bob");
        limit.tryAcquire("bob");

        assertThat(limit.tryAcquire("bob")).isPresent();
        assertThat(limit.tryAcquire("carol")).isEmpty();
    }

    @Test
    void opensAgainInTheNextWindow() {
        FixedWindowLimit early = limitAt(windowStart.plusSeconds(1));
        early.tryAcquire("dave");
        early.tryAcquire("dave");
        assertThat(early.tryAcquire("dave")).isPresent();

        assertThat(limitAt(windowStart.plusSeconds(61)).tryAcquire("dave")).isEmpty();
    }
}
