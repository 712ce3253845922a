package dev.cohort.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.testkit.TestRedis;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class CohortRedisAutoConfigurationTest {

    private static final TestRedis REDIS = TestRedis.shared();

    /** This test's own corner of Redis; the test kit deletes it when the JVM exits. */
    private final String testPrefix = REDIS.newKeyPrefix("CohortRedisAutoConfigurationTest");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CohortRedisAutoConfiguration.class))
            .withPropertyValues("cohort.redis.url=" + REDIS.url());

    @Test
    void autoConfiguredClientTalksToRedis() {
        runner.withPropertyValues("cohort.redis.key-prefix=" + testPrefix).run(context -> {
            assertThat(context).hasSingleBean(RedissonClient.class);
            RBucket<String> bucket = context.getBean(RedissonClient.class).getBucket("ping");

            bucket.set("pong");

            assertThat(bucket.get()).isEqualTo("pong");
        });
    }

    @Test
    void storesEveryObjectUnderItsKeyPrefixAndOnlyThere() {
        String p1 = testPrefix + "p1:";
        String p2 = testPrefix + "p2:";

        runner.withPropertyValues("cohort.redis.key-prefix=" + p1).run(context -> {
            context.getBean(RedissonClient.class).<String>getBucket("greeting").set("hello");

            withClient("", raw -> {
                assertThat(raw.getKeys().countExists(p1 + "greeting")).isEqualTo(1);
                assertThat(raw.<String>getBucket(p1 + "greeting").get()).isEqualTo("hello");
            });
            withClient(p2, other -> {
                RBucket<String> sameName = other.getBucket("greeting");
                assertThat(sameName.isExists()).isFalse();

                sameName.set("other tenant");
            });
            assertThat(context.getBean(RedissonClient.class).<String>getBucket("greeting").get())
                    .isEqualTo("hello");
        });
    }

    @Test
    void usesTheConfiguredDatabase() {
        runner.withPropertyValues("cohort.redis.key-prefix=" + testPrefix, "cohort.redis.database=1").run(context -> {
            RBucket<String> inDatabaseOne = context.getBean(RedissonClient.class).getBucket("where");
            inDatabaseOne.set("db1");
            try {
                withClient("", databaseZero ->
                        assertThat(databaseZero.getKeys().countExists(testPrefix + "where")).isZero());
            } finally {
                inDatabaseOne.delete(); // the test kit cleans database 0 only
            }
        });
    }

    @Test
    void createsNoClientWhenDisabled() {
        runner.withPropertyValues("cohort.redis.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(RedissonClient.class);
            assertThat(context).doesNotHaveBean(CohortRedisProperties.class);
        });
    }

    @Test
    void keepsAClientTheApplicationDefinesItself() {
        runner.withUserConfiguration(OwnClient.class).run(context -> {
            assertThat(context).hasSingleBean(RedissonClient.class);
            assertThat(context).hasBean("ownClient");
        });
    }

    @Test
    void bindsDefaultsAndOverrides() {
        ApplicationContextRunner propertiesOnly = new ApplicationContextRunner()
                .withUserConfiguration(PropertiesOnly.class);

        propertiesOnly.run(context -> assertThat(context.getBean(CohortRedisProperties.class))
                .isEqualTo(new CohortRedisProperties(true, "redis://127.0.0.1:6379", null, "",
                        Duration.ofSeconds(2), Duration.ofSeconds(3), 0)));

        propertiesOnly.withPropertyValues("cohort.redis.url=redis://cache:6380", "cohort.redis.password=s3cret",
                "cohort.redis.key-prefix=tenant-a:", "cohort.redis.connect-timeout=500ms",
                "cohort.redis.timeout=1s", "cohort.redis.database=3").run(context -> {
                    CohortRedisProperties properties = context.getBean(CohortRedisProperties.class);
                    assertThat(properties).isEqualTo(new CohortRedisProperties(true, "redis://cache:6380", "s3cret",
                            "tenant-a:", Duration.ofMillis(500), Duration.ofSeconds(1), 3));
                    assertThat(properties.toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void redissonConfigCarriesPrefixAndPassword() {
        var config = CohortRedisAutoConfiguration.redissonConfig(new CohortRedisProperties(true,
                "redis://cache:6380", "s3cret", "tenant-a:", Duration.ofSeconds(2), Duration.ofSeconds(3), 0));

        assertThat(config.getNameMapper().map("typing")).isEqualTo("tenant-a:typing");
        assertThat(config.getPassword()).isEqualTo("s3cret");
    }

    @Test
    void nameMapperAddsAndRemovesThePrefix() {
        var mapper = KeyPrefixNameMapper.of("t1:");

        assertThat(mapper.map("presence")).isEqualTo("t1:presence");
        assertThat(mapper.unmap("t1:presence")).isEqualTo("presence");
        assertThat(KeyPrefixNameMapper.of("").map("presence")).isEqualTo("presence");
    }

    private static void withClient(String keyPrefix, Consumer<RedissonClient> use) {
        RedissonClient client = Redisson.create(CohortRedisAutoConfiguration.redissonConfig(new CohortRedisProperties(
                true, REDIS.url(), null, keyPrefix, Duration.ofSeconds(2), Duration.ofSeconds(3), 0)));
        try {
            use.accept(client);
        } finally {
            client.shutdown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        @Bean(destroyMethod = "shutdown")
        RedissonClient ownClient() {
            return Redisson.create(CohortRedisAutoConfiguration.redissonConfig(new CohortRedisProperties(
                    true, REDIS.url(), null, "", Duration.ofSeconds(2), Duration.ofSeconds(3), 0)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CohortRedisProperties.class)
    static class PropertiesOnly {
    }
}
