package dev.cohort.bench.unary;

import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.app.KnownUsers;
import dev.cohort.course.CourseApplication;
import dev.cohort.devgateway.GatewaySettings;
import dev.cohort.devgateway.LocalGateway;
import dev.cohort.devgateway.RateLimits;
import dev.cohort.identity.IdentityApplication;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * identity, course and chat as production configures them, in this JVM, each on a fresh PostgreSQL database and
 * Redis key prefix from the test kit and gRPC on a free port of 127.0.0.1; course and chat fetch identity's JWK Set
 * over gRPC as in the stack, so the tokens are the ones identity issues at login. In front of them the local
 * gateway ({@code dev/gateway}, as {@code ./cohort up} runs it) with its rate limits raised so that they are not
 * what is measured. Changed from production only where the benchmark needs it: no Kafka (outbox rows are written
 * but not relayed; no consumers), chat's per-user rate limits raised, access tokens valid for 3 hours.
 */
final class ServicesUnderTest implements AutoCloseable {

    static final String ADMIN_EMAIL = "bench-admin@cohort.local";

    final String adminPassword = "Bench-" + UUID.randomUUID();
    final int identityPort;
    final int coursePort;
    final int chatPort;
    final LocalGateway gateway;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final ConfigurableApplicationContext chat;
    private final TestDatabase identityDatabase;

    ServicesUnderTest(Map<String, String> serviceProperties) {
        TestRedis redis = TestRedis.shared();
        byte[] encryptionKey = new byte[32];
        new SecureRandom().nextBytes(encryptionKey);

        identityDatabase = TestPostgres.shared().createDatabase("bench_unary_identity");
        Map<String, String> identity = common(identityDatabase, redis, "bench_unary_identity");
        identity.put("cohort.identity.keys.encryption-key", Base64.getEncoder().encodeToString(encryptionKey));
        identity.put("cohort.identity.bootstrap-admin.email", ADMIN_EMAIL);
        identity.put("cohort.identity.bootstrap-admin.password", adminPassword);
        // A run outlasts production's 10-minute access tokens on a loaded machine; the callers sign in once.
        identity.put("cohort.identity.tokens.access-ttl", "3h");
        identity.putAll(serviceProperties);
        identityPort = start(IdentityApplication.application(), identity).port;
        String jwks = "dns:///127.0.0.1:" + identityPort;

        Map<String, String> course = common(TestPostgres.shared().createDatabase("bench_unary_course"), redis,
                "bench_unary_course");
        course.put("cohort.auth.jwks-target", jwks);
        course.putAll(serviceProperties);
        coursePort = start(CourseApplication.application(), course).port;

        Map<String, String> chatSettings = common(TestPostgres.shared().createDatabase("bench_unary_chat"), redis,
                "bench_unary_chat");
        chatSettings.put("cohort.auth.jwks-target", jwks);
        chatSettings.put("cohort.chat.group-consumer-enabled", "false");
        chatSettings.put("cohort.chat.user-consumer-enabled", "false");
        chatSettings.put("cohort.chat.course-consumer-enabled", "false");
        chatSettings.put("cohort.chat.profile-consumer-enabled", "false");
        chatSettings.put("cohort.chat.sends-per-second", "1000000");
        chatSettings.put("cohort.chat.send-burst", "1000000");
        chatSettings.putAll(serviceProperties);
        Started startedChat = start(ChatApplication.application(), chatSettings);
        chat = startedChat.context;
        chatPort = startedChat.port;

        // Limits far above anything this machine can send, so the buckets are checked (their cost is measured)
        // but never refuse.
        RateLimits.TokenBucketSize unlimited = RateLimits.TokenBucketSize.perSecond(10_000_000, 10_000_000);
        gateway = LocalGateway.start(GatewaySettings.defaults()
                .withPort(0)
                .withUpstream(GatewaySettings.IDENTITY, "127.0.0.1:" + identityPort)
                .withUpstream(GatewaySettings.COURSE, "127.0.0.1:" + coursePort)
                .withUpstream(GatewaySettings.CHAT, "127.0.0.1:" + chatPort)
                .withRateLimits(RateLimits.defaults().withPerAddress(unlimited).withPerUser(unlimited)));
    }

    /** Makes {@code users} known to chat, as identity's registration events would. */
    void registerWithChat(List<UUID> users) {
        KnownUsers known = chat.getBean(KnownUsers.class);
        Instant now = Instant.now();
        users.forEach(user -> known.registered(user, now));
    }

    /** PostgreSQL version and commit settings, Redis, CPUs and Java: what the figures depend on. */
    String environment() {
        String postgres;
        try (Connection connection = DriverManager.getConnection(identityDatabase.jdbcUrl(),
                identityDatabase.username(), identityDatabase.password());
             Statement statement = connection.createStatement()) {
            postgres = "PostgreSQL " + show(statement, "server_version") + " (" + TestPostgres.shared().mode()
                    + "; synchronous_commit " + show(statement, "synchronous_commit") + ")";
        } catch (SQLException failed) {
            postgres = "PostgreSQL (settings unknown: " + failed.getMessage() + ")";
        }
        return postgres + ", Redis (" + TestRedis.shared().mode() + "), "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet result = statement.executeQuery("show " + setting)) {
            result.next();
            return result.getString(1);
        }
    }

    private static Map<String, String> common(TestDatabase database, TestRedis redis, String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.grpc.server.address", "127.0.0.1");
        settings.put("spring.grpc.server.port", "0");
        settings.put("spring.datasource.url", database.jdbcUrl());
        settings.put("spring.datasource.username", database.username());
        settings.put("spring.datasource.password", Objects.requireNonNullElse(database.password(), ""));
        settings.put("cohort.redis.url", redis.url());
        settings.put("cohort.redis.key-prefix", redis.newKeyPrefix(name));
        settings.put("cohort.paging.token-key", CohortTestInfrastructure.pagingTokenKey());
        settings.put("cohort.events.relay.enabled", "false");
        settings.put("spring.main.banner-mode", "off");
        settings.put("logging.level.root", "WARN");
        return settings;
    }

    private record Started(ConfigurableApplicationContext context, int port) {
    }

    private Started start(SpringApplicationBuilder application, Map<String, String> settings) {
        BoundGrpcPort port = new BoundGrpcPort();
        String[] arguments = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = application.listeners(port).run(arguments);
        contexts.add(context);
        if (port.get() <= 0) {
            throw new IllegalStateException("a service started without a gRPC port");
        }
        return new Started(context, port.get());
    }

    @Override
    public void close() {
        gateway.close();
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }
}
