package dev.cohort.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;

class CohortTestInfrastructureTest {

    /** What Spring does with the registry, minus Spring: keeps the suppliers by name. */
    static final class MapRegistry implements DynamicPropertyRegistry {
        final Map<String, Supplier<Object>> properties = new LinkedHashMap<>();

        @Override
        public void add(String name, Supplier<Object> valueSupplier) {
            properties.put(name, valueSupplier);
        }

        String value(String name) {
            return String.valueOf(properties.get(name).get());
        }
    }

    @Test
    void registersItsOwnDatabaseKeyPrefixAndAPageTokenKeyForTheTestClass() throws SQLException {
        MapRegistry registry = new MapRegistry();

        CohortTestInfrastructure.register(registry, CohortTestInfrastructureTest.class);

        assertThat(registry.properties).containsOnlyKeys("spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "cohort.redis.url", "cohort.redis.key-prefix", "cohort.paging.token-key",
                "spring.datasource.hikari.minimum-idle", "spring.datasource.hikari.idle-timeout",
                "cohort.object-store.endpoint", "cohort.object-store.region", "cohort.object-store.access-key",
                "cohort.object-store.secret-key", "cohort.object-store.path-style", "cohort.object-store.bucket");
        assertThat(registry.value("spring.datasource.hikari.minimum-idle")).isEqualTo("1");
        assertThat(java.util.Base64.getDecoder().decode(registry.value("cohort.paging.token-key"))).hasSize(32);
        assertThat(registry.value("spring.datasource.url"))
                .matches("jdbc:postgresql://.+/cohort_test_cohorttestinfrastructuretest_[0-9a-f]{8}");
        assertThat(registry.value("cohort.redis.url")).isEqualTo(TestRedis.shared().url());
        assertThat(registry.value("cohort.redis.key-prefix"))
                .matches("test:CohortTestInfrastructureTest:[0-9a-f]{8}:");
        assertThat(registry.value("cohort.object-store.endpoint")).isEqualTo(TestObjectStore.shared().endpoint());
        assertThat(registry.value("cohort.object-store.path-style")).isEqualTo("true");
        assertThat(registry.value("cohort.object-store.bucket"))
                .matches("test-cohorttestinfrastructuretest-[0-9a-f]{8}")
                .isEqualTo(registry.value("cohort.object-store.bucket"));

        try (Connection connection = TestPostgres.connect(registry.value("spring.datasource.url"),
                        registry.value("spring.datasource.username"), registry.value("spring.datasource.password"));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select current_database()")) {
            assertThat(result.next()).isTrue();
            assertThat(registry.value("spring.datasource.url")).endsWith("/" + result.getString(1));
        }
    }

    @Test
    void eachRegistrationGetsFreshNames() {
        MapRegistry first = new MapRegistry();
        MapRegistry second = new MapRegistry();

        CohortTestInfrastructure.register(first, CohortTestInfrastructureTest.class);
        CohortTestInfrastructure.register(second, CohortTestInfrastructureTest.class);

        assertThat(first.value("spring.datasource.url")).isNotEqualTo(second.value("spring.datasource.url"));
        assertThat(first.value("cohort.redis.key-prefix")).isNotEqualTo(second.value("cohort.redis.key-prefix"));
        assertThat(first.value("cohort.object-store.bucket")).isNotEqualTo(second.value("cohort.object-store.bucket"));
    }
}
