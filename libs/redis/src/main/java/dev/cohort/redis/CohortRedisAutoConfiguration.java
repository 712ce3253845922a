package dev.cohort.redis;

import dev.cohort.telemetry.CohortTelemetry;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link RedissonClient} of a Cohort application, from {@code cohort.redis.*}. Every object
 * name goes through {@link KeyPrefixNameMapper}, so {@code client.getBucket("x")} is the key
 * {@code <keyPrefix>x} in Redis. Set {@code cohort.redis.enabled=false} for no client at all.
 */
@AutoConfiguration(afterName = "dev.cohort.telemetry.autoconfigure.CohortTelemetryAutoConfiguration")
@ConditionalOnProperty(prefix = "cohort.redis", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CohortRedisProperties.class)
public class CohortRedisAutoConfiguration {

    /** While traces are recorded (ADR 61), each Redis operation is a span of the current trace. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean(RedissonClient.class)
    public RedissonClient redissonClient(CohortRedisProperties properties, ObjectProvider<CohortTelemetry> telemetry) {
        RedissonClient client = Redisson.create(redissonConfig(properties));
        CohortTelemetry tracing = telemetry.getIfAvailable();
        return tracing != null && tracing.recording() ? TracedRedisson.wrap(client, tracing.openTelemetry()) : client;
    }

    /** The Redisson configuration for these properties; also for code that runs without Spring. */
    public static Config redissonConfig(CohortRedisProperties properties) {
        // Redisson 4 takes credentials and the name mapper on Config (the per-server setters are deprecated).
        Config config = new Config().setNameMapper(KeyPrefixNameMapper.of(properties.keyPrefix()));
        if (properties.password() != null) {
            config.setPassword(properties.password());
        }
        config.useSingleServer()
                .setAddress(properties.url())
                .setDatabase(properties.database())
                .setConnectTimeout(Math.toIntExact(properties.connectTimeout().toMillis()))
                .setTimeout(Math.toIntExact(properties.timeout().toMillis()));
        return config;
    }
}
