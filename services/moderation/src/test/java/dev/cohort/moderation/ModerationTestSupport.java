package dev.cohort.moderation;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.eventtestkit.TestEvents;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.moderation.events.AuditedTopics;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.auth.TestAccessTokens;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every moderation test class needs: its own database and Redis prefix, the in-JVM Kafka broker and test
 * schema registry with every domain topic, access tokens from a test issuer instead of identity, and the bound port.
 */
final class ModerationTestSupport {

    /** The issuer of every test token; the service verifies them against its keys (see {@link TestKeys}). */
    static final TestAccessTokens TOKENS = new TestAccessTokens();

    private ModerationTestSupport() {
    }

    /** Registers a fresh database for {@code testClass}, with the consumers running against Kafka. */
    static void register(DynamicPropertyRegistry registry, Class<?> testClass) {
        CohortTestInfrastructure.register(registry, testClass);
        registry.add("spring.grpc.server.port", () -> "0");
        // The consumer group is the application's name: one per test class, since Spring keeps earlier classes'
        // contexts (and their consumers) running, and one group would share the topics' partitions out among them.
        registry.add("spring.application.name", () -> "moderation-" + testClass.getSimpleName());
        registry.add("cohort.moderation.consumers-enabled", () -> "true");
        InJvmKafka.shared().createTopics(3, AuditedTopics.all());
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
