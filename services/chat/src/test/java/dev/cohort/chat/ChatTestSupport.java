package dev.cohort.chat;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.auth.TestAccessTokens;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every chat test class needs: its own database and Redis prefix, access tokens from a test issuer instead
 * of identity, and the port the server bound. Kafka (relay and group consumer) only for the classes that ask.
 */
public final class ChatTestSupport {

    /** The issuer of every test token; the service verifies them against its keys (see {@link TestKeys}). */
    public static final TestAccessTokens TOKENS = new TestAccessTokens();

    private ChatTestSupport() {
    }

    /** Registers a fresh database and Redis prefix for {@code testClass}; Kafka relay and consumer when {@code events}. */
    public static void register(DynamicPropertyRegistry registry, Class<?> testClass, boolean events) {
        CohortTestInfrastructure.register(registry, testClass);
        registry.add("spring.grpc.server.port", () -> "0");
        registry.add("cohort.events.relay.enabled", () -> Boolean.toString(events));
        registry.add("cohort.chat.group-consumer-enabled", () -> Boolean.toString(events));
        registry.add("cohort.chat.user-consumer-enabled", () -> Boolean.toString(events));
    }

    /** Verification keys of {@link #TOKENS}, in place of identity's JWK Set; and the bound port. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class TestKeys {
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
