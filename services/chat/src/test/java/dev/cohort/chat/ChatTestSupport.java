package dev.cohort.chat;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.auth.TestAccessTokens;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
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
        registry.add("cohort.chat.profile-consumer-enabled", () -> Boolean.toString(events));
        registry.add("cohort.chat.course-consumer-enabled", () -> Boolean.toString(events));
    }

    /** Verification keys of {@link #TOKENS}, in place of identity's JWK Set; test users; and the bound port. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class TestKeys {
        @Bean
        JwkSetSource keys() {
            return TOKENS::jwkSet;
        }

        @Bean
        TestUsers testUsers(dev.cohort.chat.app.KnownUsers users, dev.cohort.chat.app.Contacts contacts) {
            return new TestUsers(users, contacts);
        }

        @Bean
        BoundGrpcPort boundPort() {
            return new BoundGrpcPort();
        }
    }

    /**
     * Another chat application on the test's database, Redis prefix and page-token key (read from
     * {@code environment}), on a port of its own, without Kafka: a second replica behind the same Redis.
     */
    public static ConfigurableApplicationContext startReplica(Environment environment, String... extra) {
        List<String> arguments = new ArrayList<>();
        for (String shared : List.of("spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "cohort.redis.url", "cohort.redis.key-prefix", "cohort.paging.token-key")) {
            arguments.add("--" + shared + "=" + environment.getProperty(shared, ""));
        }
        arguments.addAll(List.of("--spring.grpc.server.port=0", "--cohort.events.relay.enabled=false",
                "--cohort.chat.group-consumer-enabled=false", "--cohort.chat.user-consumer-enabled=false",
                "--cohort.chat.profile-consumer-enabled=false", "--cohort.chat.course-consumer-enabled=false"));
        arguments.addAll(List.of(extra));
        return ChatApplication.application().sources(TestKeys.class).run(arguments.toArray(String[]::new));
    }
}
