package dev.cohort.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.redis.CohortRedisAutoConfiguration;
import dev.cohort.redis.CohortRedisProperties;
import dev.cohort.testkit.MovableClock;
import dev.cohort.testkit.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * The throttle against a real Redis, on a clock the test moves: delays double past the free attempts, an owner at
 * a known address is never slowed by guessing elsewhere, one address guessing across accounts is slowed, and
 * nothing stays in Redis without an expiry.
 */
class RedisLoginThrottleTest {

    static RedissonClient redis;
    static RedissonClient unprefixed;
    static String prefix;

    /** 2 free per pair, 5 per address, 4 per account; delays 1 s doubling up to 8 s (4 s for the account). */
    final IdentityProperties.LoginThrottle settings = new IdentityProperties.LoginThrottle(2, 5, 4,
            Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(4), Duration.ofMinutes(1),
            Duration.ofDays(1));
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final RedisLoginThrottle throttle = new RedisLoginThrottle(redis, settings, clock);

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
    void delaysDoublePastTheFreeAttemptsUpToTheLongest() {
        String email = uniqueEmail();
        assertThat(throttle.admit(email, "10.0.0.1")).isEmpty();
        assertThat(throttle.admit(email, "10.0.0.1")).isEmpty();

        List<Duration> waits = new ArrayList<>();
        for (int blocked = 0; blocked < 5; blocked++) {
            Duration wait = throttle.admit(email, "10.0.0.1").orElseThrow();
            waits.add(wait);
            assertThat(throttle.admit(email, "10.0.0.1")).as("refused attempts are not counted").contains(wait);
            clock.advance(wait);
            assertThat(throttle.admit(email, "10.0.0.1")).isEmpty();
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8));
    }

    @Test
    void theDelayRunsFromWhenTheFailureWasKnown() {
        String email = uniqueEmail();
        throttle.admit(email, "10.5.0.1");
        throttle.admit(email, "10.5.0.1");
        clock.advance(Duration.ofMillis(700)); // checking the password took a while
        throttle.failed(email, "10.5.0.1");

        assertThat(throttle.admit(email, "10.5.0.1")).contains(Duration.ofSeconds(1));
    }

    @Test
    void guessingFromOneAddressNeverSlowsTheOwnerAtAKnownAddress() {
        String email = uniqueEmail();
        assertThat(throttle.admit(email, "10.1.0.1")).isEmpty();
        throttle.succeeded(email, "10.1.0.1"); // the owner's usual address

        for (int guess = 0; guess < 30; guess++) {
            throttle.admit(email, "10.1.6.6").ifPresent(clock::advance);
        }
        for (int guesser = 0; guesser < 10; guesser++) { // and from ten more addresses
            throttle.admit(email, "10.1.7." + guesser);
        }

        assertThat(throttle.admit(email, "10.1.0.1")).isEmpty();
        // From an address it never used, the owner is slowed by the account's counter, never longer than its limit.
        Optional<Duration> elsewhere = throttle.admit(email, "10.1.0.2");
        assertThat(elsewhere).hasValueSatisfying(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(4)));
        clock.advance(elsewhere.orElseThrow());
        assertThat(throttle.admit(email, "10.1.0.2")).isEmpty();
    }

    @Test
    void oneAddressGuessingAcrossManyAccountsIsSlowed() {
        for (int account = 0; account < 5; account++) {
            assertThat(throttle.admit(uniqueEmail(), "10.2.0.1")).isEmpty();
        }

        assertThat(throttle.admit(uniqueEmail(), "10.2.0.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.admit(uniqueEmail(), "10.2.0.2")).as("another address").isEmpty();
    }

    @Test
    void aSuccessClearsItsPairAndGivesTheAddressItsAttemptBack() {
        String email = uniqueEmail();
        for (int attempt = 0; attempt < 4; attempt++) {
            throttle.admit(uniqueEmail(), "10.3.0.1");
        }
        throttle.admit(email, "10.3.0.1");
        throttle.succeeded(email, "10.3.0.1"); // the address is back at 4 of 5

        assertThat(throttle.admit(email, "10.3.0.1")).isEmpty();
        assertThat(throttle.admit(uniqueEmail(), "10.3.0.1")).isPresent();
    }

    @Test
    void everyKeyItWritesExpires() {
        String email = uniqueEmail();
        throttle.admit(email, "10.4.0.1");
        throttle.admit(email, "10.4.0.2");
        throttle.succeeded(email, "10.4.0.2");

        List<String> keys = unprefixed.getKeys().getKeysStreamByPattern(prefix + "identity:login:*").toList();
        assertThat(keys).hasSizeGreaterThanOrEqualTo(4).allSatisfy(key ->
                assertThat(unprefixed.getKeys().remainTimeToLive(key)).as("TTL of %s", key).isPositive());
    }

    private static String uniqueEmail() {
        return "guessed-" + UUID.randomUUID() + "@example.org";
    }
}
