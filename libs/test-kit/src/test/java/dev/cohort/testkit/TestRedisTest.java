package dev.cohort.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestRedisTest {

    @Test
    void autoModeUsesTheRedisAlreadyListeningOnLocalhost() {
        assumeTrue(RequestedMode.current() == RequestedMode.AUTO, "mode is forced");
        assumeTrue(Probes.portOpen(TestRedis.LOCAL_HOST, TestRedis.LOCAL_PORT), "nothing listens on 6379");

        TestRedis redis = TestRedis.shared();

        assertThat(redis.mode()).isEqualTo(InfrastructureMode.LOCAL);
        assertThat(redis.url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(redis).isSameAs(TestRedis.shared());
    }

    @Test
    void keyPrefixesCarryTheHintAndAreUnique() {
        TestRedis redis = TestRedis.shared();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            prefixes.add(redis.newKeyPrefix("Presence Test*"));
        }

        assertThat(prefixes).hasSize(1_000)
                .allSatisfy(prefix -> assertThat(prefix).matches("test:Presence_Test_:[0-9a-f]{8}:"));
    }

    @Test
    void deletesOnlyTheKeysUnderItsPrefixes() {
        TestRedis redis = TestRedis.shared();
        String doomed = redis.newKeyPrefix("doomed");
        String kept = redis.newKeyPrefix("kept");

        try (RespClient client = new RespClient(redis.host(), redis.port(), 2_000)) {
            for (int i = 0; i < 50; i++) {
                client.call("SET", doomed + i, "x");
            }
            client.call("SET", kept + "one", "y");

            redis.deleteKeysUnder(List.of(doomed));

            assertThat(client.call("EXISTS", doomed + "0", doomed + "49")).isEqualTo(0L);
            assertThat(client.call("GET", kept + "one")).isEqualTo("y");
        }
    }
}
