package dev.cohort.auth;

import dev.cohort.grpc.client.CohortChannels;
import dev.cohort.grpc.server.InterceptorOrder;
import dev.cohort.grpc.server.StatusMapper;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Duration;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Authentication for every service with this library: the verifier, the deny-list in Redis and the
 * interceptor. Keys come from identity over gRPC unless the application supplies its own {@link JwkSetSource}
 * (identity does, from its key store).
 */
@AutoConfiguration(afterName = {
        "dev.cohort.grpc.server.CohortGrpcServerAutoConfiguration",
        "dev.cohort.redis.CohortRedisAutoConfiguration"})
@EnableConfigurationProperties(CohortAuthProperties.class)
@ConditionalOnProperty(prefix = "cohort.auth", name = "enabled", matchIfMissing = true)
public class CohortAuthAutoConfiguration {

    @Bean
    AuthSettings cohortAuthSettings(CohortAuthProperties properties) {
        return new AuthSettings(properties.issuer(), properties.audience(), AuthSettings.ASYMMETRIC,
                properties.clockSkew());
    }

    @Bean
    @ConditionalOnMissingBean
    TokenDenyList cohortTokenDenyList(RedissonClient redis) {
        return new RedisTokenDenyList(redis, Clock.systemUTC());
    }

    /** Identity publishes on it when it revokes tokens; services with live streams listen (ADR 0021). */
    @Bean
    @ConditionalOnMissingBean
    RevocationSignal cohortRevocationSignal(RedissonClient redis) {
        return new RevocationSignal(redis);
    }

    /** Fetches keys from identity; skipped when the application provides its own source. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(JwkSetSource.class)
    static class RemoteKeys {

        @Bean(destroyMethod = "shutdownNow")
        ManagedChannel cohortIdentityKeysChannel(CohortAuthProperties properties) {
            return CohortChannels.forTarget(properties.jwksTarget());
        }

        @Bean
        JwkSetSource cohortRemoteJwkSetSource(ManagedChannel cohortIdentityKeysChannel) {
            return new GrpcJwkSetSource(cohortIdentityKeysChannel, Duration.ofSeconds(3));
        }
    }

    @Bean
    @ConditionalOnMissingBean
    CachingJwkProvider cohortJwkProvider(JwkSetSource source) {
        return CachingJwkProvider.withDefaults(source);
    }

    @Bean
    AccessTokenVerifier cohortAccessTokenVerifier(AuthSettings settings, CachingJwkProvider keys, TokenDenyList denyList,
                                                  CohortAuthProperties properties) {
        return new AccessTokenVerifier(settings, keys, denyList, properties.denyList().policy(), Clock.systemUTC());
    }

    /** Reused deny-list answers are dropped on identity's revocation signal (ADR 0063). */
    @Bean(destroyMethod = "close")
    DenyListAnswerReuse cohortDenyListAnswerReuse(RevocationSignal signal, AccessTokenVerifier verifier) {
        return new DenyListAnswerReuse(signal, verifier);
    }

    @Bean
    AccessPolicies cohortAccessPolicies() {
        return new AccessPolicies();
    }

    @Bean
    @GlobalServerInterceptor
    @Order(InterceptorOrder.AUTH)
    AuthInterceptor cohortAuthInterceptor(AccessPolicies policies, AccessTokenVerifier verifier, StatusMapper statusMapper) {
        return new AuthInterceptor(policies, verifier, statusMapper);
    }
}
