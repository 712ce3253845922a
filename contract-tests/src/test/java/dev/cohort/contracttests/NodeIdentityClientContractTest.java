package dev.cohort.contracttests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.identity.IdentityApplication;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Node.js client built from {@code proto/} alone (grpc-js + proto-loader, see node/identity.test.mjs) signs
 * up, signs in and reads its account from a real identity service: the contract holds outside the JVM.
 *
 * <p>The service runs in this JVM, on a free port, with its own PostgreSQL database and Redis key prefix.
 */
class NodeIdentityClientContractTest {

    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(2);

    private static ConfigurableApplicationContext identity;
    private static int identityPort;

    @BeforeAll
    static void startIdentityService() throws Exception {
        TestDatabase database = TestPostgres.shared().createDatabase("contract");
        TestRedis redis = TestRedis.shared();
        byte[] encryptionKey = new byte[32];
        new SecureRandom().nextBytes(encryptionKey);

        // As command-line arguments: they outrank application.yaml (builder "properties" are only defaults).
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.grpc.server.port", "0");
        settings.put("spring.datasource.url", database.jdbcUrl());
        settings.put("spring.datasource.username", database.username());
        settings.put("spring.datasource.password", Objects.requireNonNullElse(database.password(), ""));
        settings.put("cohort.redis.url", redis.url());
        settings.put("cohort.redis.key-prefix", redis.newKeyPrefix("contract"));
        settings.put("cohort.identity.keys.encryption-key", Base64.getEncoder().encodeToString(encryptionKey));
        settings.put("cohort.paging.token-key", CohortTestInfrastructure.pagingTokenKey());
        String[] arguments = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);

        BoundGrpcPort port = new BoundGrpcPort();
        identity = IdentityApplication.application()
                .listeners(port)
                .run(arguments);
        identityPort = port.get();
        assertThat(identityPort).as("identity's gRPC port").isPositive();
    }

    @AfterAll
    static void stopIdentityService() {
        if (identity != null) {
            identity.close();
        }
    }

    @Test
    void nodeClientGeneratedFromTheProtosPassesTheIdentityContract() {
        ExternalProcess.Result result = ExternalProcess.run(
                ContractPaths.moduleDir(),
                Map.of(
                        "IDENTITY_ADDRESS", "127.0.0.1:" + identityPort,
                        "COHORT_PROTO_DIR", ContractPaths.protoDir().toString(),
                        "COHORT_PROTO_IMPORTS", ContractPaths.protoImports().toString()),
                NODE_TIMEOUT,
                List.of("node", "--test", "--test-reporter=spec", "node/identity.test.mjs"));

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }
}
