package dev.cohort.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.testkit.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** The spam policy's one key in real Redis: nothing until published, the first start's default never overwrites. */
class SpamPolicyTest {

    private static final TestRedis REDIS = TestRedis.shared();
    private static RedissonClient redis;

    @BeforeAll
    static void connect() {
        Config config = new Config().setNameMapper(KeyPrefixNameMapper.of(REDIS.newKeyPrefix("SpamPolicyTest")));
        config.useSingleServer().setAddress(REDIS.url());
        redis = Redisson.create(config);
    }

    @AfterAll
    static void disconnect() {
        redis.shutdown();
    }

    @Test
    void isAbsentUntilPublishedThenReadBackAsWrittenAndDefaultsNeverOverwrite() {
        assertThat(SpamPolicy.current(redis)).isEmpty();

        SpamPolicy defaults = new SpamPolicy(5, 20, Duration.ofMinutes(1));
        SpamPolicy.publishIfAbsent(redis, defaults);
        assertThat(SpamPolicy.current(redis)).contains(defaults);

        SpamPolicy stricter = new SpamPolicy(2, 3, Duration.ofSeconds(30));
        SpamPolicy.publish(redis, stricter);
        SpamPolicy.publishIfAbsent(redis, defaults);
        assertThat(SpamPolicy.current(redis)).contains(stricter);
    }

    @Test
    void refusesAPolicyWithoutLimitsAndALayoutItDoesNotKnow() {
        assertThatThrownBy(() -> new SpamPolicy(0, 3, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpamPolicy(1, 3, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpamPolicy.decode("v2;1;2;3")).isInstanceOf(IllegalStateException.class);
    }
}
