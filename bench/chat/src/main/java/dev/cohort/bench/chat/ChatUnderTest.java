package dev.cohort.bench.chat;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.app.Contacts;
import dev.cohort.chat.app.DeliveryProbe;
import dev.cohort.chat.app.KnownUsers;
import dev.cohort.chat.app.MessageWriter;
import dev.cohort.chat.config.ChatProperties;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.auth.TestAccessTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * The chat service as production configures it, in this JVM: a fresh PostgreSQL database and Redis key prefix
 * from the test kit (the servers on localhost when they answer, else embedded), gRPC on a free port of 127.0.0.1,
 * trusting the benchmark's token issuer instead of identity's JWK Set. Changed from production only where the
 * benchmark needs it: no Kafka (outbox rows are written, as in production, but not relayed; no group consumer),
 * and the per-user send and per-stream frame rate limits raised so that they are not what is measured.
 */
final class ChatUnderTest implements AutoCloseable {

    final TestDatabase database;
    final TestAccessTokens issuer;
    final int port;
    private final String keyPrefix;
    /** The course section every benchmark user is enrolled in. */
    private final UUID section;
    private final ConfigurableApplicationContext context;
    /** Told of each message's stages (see {@link DeliveryStages}); every replica shares it. */
    private final DeliveryProbe probe;

    /** The first (or only) instance, on a fresh database and key prefix. */
    ChatUnderTest(BenchSettings settings, DeliveryProbe probe) {
        this(settings, TestPostgres.shared().createDatabase("bench_chat"),
                TestRedis.shared().newKeyPrefix("bench_chat"), new TestAccessTokens(), UUID.randomUUID(), probe);
    }

    /** Another replica of this one: the same database, Redis keys (so the same live topic) and token issuer. */
    ChatUnderTest replicaOf(BenchSettings settings) {
        return new ChatUnderTest(settings, database, keyPrefix, issuer, section, probe);
    }

    private ChatUnderTest(BenchSettings settings, TestDatabase database, String keyPrefix, TestAccessTokens issuer,
                          UUID section, DeliveryProbe probe) {
        this.probe = probe;
        this.database = database;
        this.keyPrefix = keyPrefix;
        this.issuer = issuer;
        this.section = section;
        TestRedis redis = TestRedis.shared();
        AtomicInteger bound = new AtomicInteger(-1);
        ApplicationListener<ApplicationEvent> portListener = event -> {
            if (event instanceof GrpcServerStartedEvent started) {
                bound.set(started.getPort());
            }
        };
        List<String> args = new ArrayList<>(List.of(
                "--spring.grpc.server.address=127.0.0.1",
                "--spring.grpc.server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--cohort.redis.url=" + redis.url(),
                "--cohort.redis.key-prefix=" + keyPrefix,
                "--cohort.paging.token-key=" + dev.cohort.testkit.CohortTestInfrastructure.pagingTokenKey(),
                "--cohort.events.relay.enabled=false",
                "--cohort.chat.group-consumer-enabled=false",
                "--cohort.chat.user-consumer-enabled=false",
                "--cohort.chat.course-consumer-enabled=false",
                "--cohort.chat.profile-consumer-enabled=false",
                "--cohort.chat.sends-per-second=1000000",
                "--cohort.chat.send-burst=1000000",
                "--cohort.chat.live.frames-per-second=1000000",
                "--cohort.chat.live.frame-burst=1000000",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        settings.serviceProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
        context = ChatApplication.application()
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("benchJwkSetSource", (JwkSetSource) issuer::jwkSet);
                    context.getBeanFactory().registerSingleton("benchDeliveryProbe", probe);
                })
                .listeners(portListener)
                .run(args.toArray(String[]::new));
        port = bound.get();
        if (port <= 0) {
            throw new IllegalStateException("the chat service's gRPC server did not report its port");
        }
    }

    /**
     * Makes {@code users} known to chat, as identity's registration events would, and enrolls them in one course
     * section, as course's enrollment events would: everyone taking part is a classmate of everyone else, whom
     * channel invites allow by default (ADR 31, 36).
     */
    void registerUsers(List<UUID> users) {
        KnownUsers known = context.getBean(KnownUsers.class);
        Contacts contacts = context.getBean(Contacts.class);
        Instant now = Instant.now();
        users.forEach(user -> {
            known.registered(user, now);
            contacts.enrolled(section, user);
        });
    }

    /** The service's message writer (its group-commit statistics). */
    MessageWriter writer() {
        return context.getBean(MessageWriter.class);
    }

    int writerLanes() {
        return context.getBean(ChatProperties.class).writerLanes();
    }

    /** PostgreSQL version and commit settings, Redis, CPUs and Java: what the figures depend on. */
    String environment() {
        String postgres;
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement()) {
            postgres = "PostgreSQL " + show(statement, "server_version") + " (" + TestPostgres.shared().mode()
                    + "; fsync " + show(statement, "fsync") + ", synchronous_commit "
                    + show(statement, "synchronous_commit") + ")";
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

    @Override
    public void close() {
        context.close();
    }
}
