package dev.cohort.course;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.auth.TestAccessTokens;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every course test class needs: its own database and key prefix, access tokens that the service trusts
 * (there is no identity service in these tests), and the port the server bound.
 */
final class CourseTestSupport {

    /** Issues real ES256 tokens; the service under test verifies them against this issuer's keys. */
    static final TestAccessTokens TOKENS = new TestAccessTokens();

    private CourseTestSupport() {
    }

    /** A fresh database and Redis prefix for {@code testClass}; the outbox relay runs only when {@code relay}. */
    static void register(DynamicPropertyRegistry registry, Class<?> testClass, boolean relay) {
        CohortTestInfrastructure.register(registry, testClass);
        registry.add("spring.grpc.server.port", () -> "0");
        // Most tests are about requests; events are proven by CourseEventsTest with a real broker.
        registry.add("cohort.events.relay.enabled", () -> Boolean.toString(relay));
    }

    /** The service trusts {@link #TOKENS}, and the test learns the port the server bound. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Wiring {
        @Bean
        JwkSetSource testKeys() {
            return TOKENS::jwkSet;
        }

        @Bean
        BoundGrpcPort boundPort() {
            return new BoundGrpcPort();
        }
    }
}
