package dev.cohort.devgateway;

import dev.cohort.identity.IdentityApplication;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real identity service for the gateway's tests, in this JVM with its own database and Redis prefix. Started
 * once on first use and shared by the test classes (each starts its own gateway in front of it); Spring's
 * shutdown hook stops it when the JVM exits, after which the test kit drops its database.
 */
final class TestIdentity {

    static final String PASSWORD = "Quartz-Lantern-8841-Velvet";

    private static TestIdentity shared;

    private final int port;

    private TestIdentity(int port) {
        this.port = port;
    }

    static synchronized TestIdentity shared() throws Exception {
        if (shared == null) {
            shared = new TestIdentity(start());
        }
        return shared;
    }

    /** identity's gRPC port. */
    int port() {
        return port;
    }

    /** {@code host:port} for {@link GatewaySettings#withUpstream}. */
    String target() {
        return "127.0.0.1:" + port;
    }

    /** Registers a new account directly at identity and signs it in: a valid access token. */
    String newAccessToken() throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            var identity = IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
            String email = "gateway-" + UUID.randomUUID() + "@example.com";
            identity.register(RegisterRequest.newBuilder()
                    .setEmail(email).setPassword(PASSWORD).setDisplayName("Ada").build());
            return identity.login(LoginRequest.newBuilder().setEmail(email).setPassword(PASSWORD).build())
                    .getTokens().getAccessToken();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static int start() throws Exception {
        TestDatabase database = TestPostgres.shared().createDatabase("gateway");
        TestRedis redis = TestRedis.shared();
        byte[] encryptionKey = new byte[32];
        new SecureRandom().nextBytes(encryptionKey);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.grpc.server.port", "0");
        settings.put("spring.datasource.url", database.jdbcUrl());
        settings.put("spring.datasource.username", database.username());
        settings.put("spring.datasource.password", Objects.requireNonNullElse(database.password(), ""));
        settings.put("cohort.redis.url", redis.url());
        settings.put("cohort.redis.key-prefix", redis.newKeyPrefix("gateway"));
        settings.put("cohort.identity.keys.encryption-key", Base64.getEncoder().encodeToString(encryptionKey));
        settings.put("cohort.events.relay.enabled", "false");
        String[] arguments = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);

        BoundGrpcPort port = new BoundGrpcPort();
        IdentityApplication.application().listeners(port).run(arguments);
        if (port.get() <= 0) {
            throw new IllegalStateException("identity started without a gRPC port");
        }
        return port.get();
    }
}
