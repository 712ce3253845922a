package dev.cohort.notification;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.eventtestkit.TestEvents;
import dev.cohort.events.Topics;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestMail;
import dev.cohort.testkit.auth.TestAccessTokens;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import java.util.Base64;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What notification tests need: their own database and Redis prefix, the shared Kafka broker and registry, the
 * test SMTP server, access tokens from a test issuer instead of identity, and short e-mail timings.
 */
final class NotificationTestSupport {

    static final TestAccessTokens TOKENS = new TestAccessTokens();

    private NotificationTestSupport() {
    }

    static void register(DynamicPropertyRegistry registry, Class<?> testClass) {
        CohortTestInfrastructure.register(registry, testClass);
        registry.add("spring.grpc.server.port", () -> "0");
        registry.add("cohort.events.relay.enabled", () -> "false");
        InJvmKafka.shared().createTopics(3, Topics.IDENTITY_USERS, Topics.COURSE_ENROLLMENTS, Topics.GROUP_GROUPS,
                Topics.CHAT_MESSAGES, Topics.PROFILE_RELATIONSHIPS, Topics.MODERATION_ACTIONS);
        registry.add("cohort.events.bootstrap-servers", TestEvents::bootstrapServers);
        registry.add("cohort.events.schema-registry-url", TestEvents::registryUrl);
        registry.add("cohort.mail.host", () -> TestMail.shared().host());
        registry.add("cohort.mail.port", () -> TestMail.shared().port());
        registry.add("cohort.notification.unsubscribe-key",
                () -> Base64.getEncoder().encodeToString(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                    27, 28, 29, 30, 31, 32}));
        registry.add("cohort.notification.public-base-url", () -> "http://cohort.test");
        registry.add("cohort.notification.digest-window", () -> "2s");
        registry.add("cohort.notification.email-poll", () -> "100ms");
        registry.add("cohort.notification.email-retry-backoff", () -> "200ms");
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
