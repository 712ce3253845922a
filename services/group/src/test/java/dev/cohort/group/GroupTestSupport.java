package dev.cohort.group;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.auth.TestAccessTokens;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every group test class needs: its own database and Redis prefix, a fake course service at the gRPC
 * boundary, access tokens from a test issuer instead of identity, and the port the server bound.
 */
final class GroupTestSupport {

    /** The issuer of every test token; the service verifies them against its keys (see {@link TestKeys}). */
    static final TestAccessTokens TOKENS = new TestAccessTokens();
    /** The deadline group puts on calls to course in tests (as in production). */
    static final String COURSE_DEADLINE = "2s";

    private GroupTestSupport() {
    }

    /** Registers a fresh database and Redis prefix for {@code testClass}, and {@code course} as the course service. */
    static void register(DynamicPropertyRegistry registry, Class<?> testClass, FakeCourse course, boolean events) {
        CohortTestInfrastructure.register(registry, testClass);
        registry.add("spring.grpc.server.port", () -> "0");
        registry.add("cohort.group.course-target", course::target);
        registry.add("cohort.group.course-deadline", () -> COURSE_DEADLINE);
        // Requests are proven without Kafka; GroupEventsTest runs the relay and the consumer on a real broker.
        registry.add("cohort.events.relay.enabled", () -> Boolean.toString(events));
        registry.add("cohort.group.enrollment-consumer-enabled", () -> Boolean.toString(events));
    }

    /** Verification keys of {@link #TOKENS}, in place of identity's JWK Set. */
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
