package dev.cohort.search;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.events.Topics;
import dev.cohort.eventtestkit.TestEvents;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.auth.TestAccessTokens;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every search test class needs: its own database and Redis prefix, the in-JVM Kafka broker and test schema
 * registry with the topics search consumes, access tokens from a test issuer instead of identity, and the port the
 * server bound.
 */
final class SearchTestSupport {

    /** The issuer of every test token; the service verifies them against its keys (see {@link TestKeys}). */
    static final TestAccessTokens TOKENS = new TestAccessTokens();

    private SearchTestSupport() {
    }

    /** Registers a fresh database for {@code testClass}, with the consumers running against Kafka. */
    static void register(DynamicPropertyRegistry registry, Class<?> testClass) {
        CohortTestInfrastructure.register(registry, testClass);
        registry.add("spring.grpc.server.port", () -> "0");
        // Search publishes nothing: no relay to poll an always empty outbox.
        registry.add("cohort.events.relay.enabled", () -> "false");
        registry.add("cohort.search.consumers-enabled", () -> "true");
        InJvmKafka.shared().createTopics(3, Topics.CHAT_MESSAGES, Topics.COURSE_CATALOG, Topics.COURSE_ENROLLMENTS,
                Topics.IDENTITY_USERS, Topics.PROFILE_PROFILES, Topics.PROFILE_RELATIONSHIPS);
        registry.add("cohort.events.bootstrap-servers", TestEvents::bootstrapServers);
        registry.add("cohort.events.schema-registry-url", TestEvents::registryUrl);
    }

    /** Verification keys of {@link #TOKENS}, in place of identity's JWK Set; the bound port. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestKeys {
        @Bean
        JwkSetSource keys() {
            return TOKENS::jwkSet;
        }

        @Bean
        BoundGrpcPort boundPort() {
            return new BoundGrpcPort();
        }
    }
}
