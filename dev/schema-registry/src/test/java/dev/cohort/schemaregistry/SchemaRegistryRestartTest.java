package dev.cohort.schemaregistry;

import static dev.cohort.schemaregistry.RegistryHttp.json;
import static dev.cohort.schemaregistry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.schemaregistry.RegistryHttp.Reply;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The in-process start API, and schemas, versions and settings surviving a restart. */
class SchemaRegistryRestartTest {

    static final String SCHEMA = "{\"type\":\"record\",\"name\":\"GroupJoined\",\"namespace\":\"dev.cohort.events.test\","
            + "\"fields\":[{\"name\":\"groupId\",\"type\":\"string\"}]}";
    static final String EVOLVED = "{\"type\":\"record\",\"name\":\"GroupJoined\",\"namespace\":\"dev.cohort.events.test\","
            + "\"fields\":[{\"name\":\"groupId\",\"type\":\"string\"},"
            + "{\"name\":\"role\",\"type\":\"string\",\"default\":\"member\"}]}";

    @Test
    void schemasAndSettingsSurviveARestart() {
        TestDatabase database = TestPostgres.shared().createDatabase("registry_restart");
        int id;
        int evolvedId;
        try (ConfigurableApplicationContext registry = start(database)) {
            RegistryHttp http = new RegistryHttp(SchemaRegistryApplication.url(registry));
            id = http.post("/subjects/groups-value/versions", schemaBody(SCHEMA)).json().get("id").asInt();
            evolvedId = http.post("/subjects/groups-value/versions", schemaBody(EVOLVED)).json().get("id").asInt();
            assertThat(http.put("/config/groups-value", json(Map.of("compatibility", "FULL_TRANSITIVE"))).status())
                    .isEqualTo(200);
            assertThat(http.delete("/subjects/groups-value/versions/2").status()).isEqualTo(200);
        }

        try (ConfigurableApplicationContext registry = start(database)) {
            RegistryHttp http = new RegistryHttp(SchemaRegistryApplication.url(registry));
            assertThat(http.get("/schemas/ids/" + id).json().get("schema").asString()).isEqualTo(SCHEMA);
            assertThat(http.get("/schemas/ids/" + evolvedId).json().get("schema").asString()).isEqualTo(EVOLVED);
            assertThat(http.get("/subjects").strings()).containsExactly("groups-value");
            assertThat(http.get("/subjects/groups-value/versions").ints()).containsExactly(1);
            assertThat(http.get("/config/groups-value").json().get("compatibilityLevel").asString())
                    .isEqualTo("FULL_TRANSITIVE");

            Reply again = http.post("/subjects/groups-value/versions", schemaBody(EVOLVED));
            assertThat(again.json().get("id").asInt()).as("ids are stable across restarts").isEqualTo(evolvedId);
            assertThat(http.get("/subjects/groups-value/versions").ints()).as("numbers are never reused")
                    .containsExactly(1, 3);
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase database) {
        ConfigurableApplicationContext registry = SchemaRegistryApplication.start(database.jdbcUrl(),
                database.username(), database.password(), 0);
        assertThat(SchemaRegistryApplication.port(registry)).isPositive();
        return registry;
    }
}
