package dev.cohort.identity;

import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestMail;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What every identity test class needs: its own database and key prefix, and the port the server bound. */
final class IdentityTestSupport {

    static final String ADMIN_PASSWORD = "admin password for tests 42";

    private IdentityTestSupport() {
    }

    /** Registers a fresh database, Redis prefix, key-encryption key and bootstrap admin for {@code testClass}. */
    static void register(DynamicPropertyRegistry registry, Class<?> testClass) {
        register(registry, testClass, false);
    }

    /** As {@link #register(DynamicPropertyRegistry, Class)}, with the outbox relay running when {@code relay}. */
    static void register(DynamicPropertyRegistry registry, Class<?> testClass, boolean relay) {
        CohortTestInfrastructure.register(registry, testClass);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String encoded = Base64.getEncoder().encodeToString(key);
        registry.add("cohort.identity.keys.encryption-key", () -> encoded);
        String admin = "admin-" + UUID.randomUUID() + "@cohort.test";
        registry.add("cohort.identity.bootstrap-admin.email", () -> admin);
        registry.add("cohort.identity.bootstrap-admin.password", () -> ADMIN_PASSWORD);
        registry.add("spring.grpc.server.port", () -> "0");
        // Most identity tests are about requests; events are proven by IdentityEventsTest with a real broker.
        registry.add("cohort.events.relay.enabled", () -> Boolean.toString(relay));
        // Identity mails verification links at registration: every test sends them to the test kit's SMTP server.
        TestMail mail = TestMail.shared();
        registry.add("cohort.mail.host", mail::host);
        registry.add("cohort.mail.port", mail::port);
        registry.add("cohort.mail.from", () -> "Cohort <no-reply@cohort.test>");
    }

    /** Captures the gRPC port (tests ask for port 0). */
    @TestConfiguration(proxyBeanMethods = false)
    static class PortCapture {
        @Bean
        BoundGrpcPort boundPort() {
            return new BoundGrpcPort();
        }
    }
}
