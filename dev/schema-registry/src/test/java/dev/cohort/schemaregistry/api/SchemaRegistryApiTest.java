package dev.cohort.schemaregistry.api;

import static dev.cohort.schemaregistry.RegistryHttp.json;
import static dev.cohort.schemaregistry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.schemaregistry.RegistryHttp;
import dev.cohort.schemaregistry.RegistryHttp.Reply;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Confluent REST API over real HTTP, against a real PostgreSQL. Each test uses its own subjects. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=schema-registry")
class SchemaRegistryApiTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase database = TestPostgres.shared().createDatabase("registry_api");
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @LocalServerPort
    int port;

    RegistryHttp http;

    @BeforeEach
    void client() {
        http = new RegistryHttp("http://localhost:" + port);
    }

    static String user(String... extraFields) {
        StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
        for (String field : extraFields) {
            fields.append(',').append(field);
        }
        return "{\"type\":\"record\",\"name\":\"UserCreated\",\"namespace\":\"dev.cohort.events.test\",\"fields\":["
                + fields + "]}";
    }

    static final String EMAIL = "{\"name\":\"email\",\"type\":\"string\"}";
    static final String EMAIL_DEFAULTED = "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}";
    static final String AGE = "{\"name\":\"age\",\"type\":\"int\"}";

    int register(String subject, String schema) {
        Reply reply = http.post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json().get("id").asInt();
    }

    void setLevel(String subject, String level) {
        assertThat(http.put("/config/" + subject, json(Map.of("compatibility", level))).status()).isEqualTo(200);
    }

    // ---- registering and reading ----

    @Test
    void registersSchemaAndServesItBySubjectVersionAndId() {
        // A schema no other test uses: ids are global.
        String schema = user("{\"name\":\"onlyHere\",\"type\":\"boolean\",\"default\":false}");
        Reply registered = http.post("/subjects/reg-value/versions", schemaBody(schema));

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).startsWith(RegistryHttp.REGISTRY_JSON);
        int id = registered.json().get("id").asInt();
        assertThat(id).isPositive();
        assertThat(http.get("/subjects").strings()).contains("reg-value");
        assertThat(http.get("/subjects/reg-value/versions").ints()).containsExactly(1);

        for (String version : List.of("1", "latest", "-1")) {
            Reply byVersion = http.get("/subjects/reg-value/versions/" + version);
            assertThat(byVersion.status()).isEqualTo(200);
            assertThat(byVersion.json().get("subject").asString()).isEqualTo("reg-value");
            assertThat(byVersion.json().get("version").asInt()).isEqualTo(1);
            assertThat(byVersion.json().get("id").asInt()).isEqualTo(id);
            assertThat(byVersion.json().get("schema").asString()).isEqualTo(schema);
            assertThat(byVersion.json().has("schemaType")).as("omitted for AVRO").isFalse();
        }
        assertThat(http.get("/subjects/reg-value/versions/1/schema").json().get("name").asString())
                .isEqualTo("UserCreated");

        Reply byId = http.get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("schema").asString()).isEqualTo(schema);
        assertThat(byId.json().has("schemaType")).isFalse();
        assertThat(http.get("/schemas/ids/" + id + "/schema").json().get("type").asString()).isEqualTo("record");
        assertThat(http.get("/schemas/ids/" + id + "/subjects").strings()).containsExactly("reg-value");
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().get(0).get("version").asInt()).isEqualTo(1);
        assertThat(http.get("/schemas/types").strings()).containsExactly("AVRO");
    }

    @Test
    void registeringTheSameSchemaTwiceGivesTheSameIdAndOneVersion() {
        int first = register("twice-value", user());
        // Same schema, other layout: still the same schema.
        String reformatted = user().replace(",", " ,\n  ").replace("{", "{ ");
        int second = register("twice-value", reformatted);

        assertThat(second).isEqualTo(first);
        assertThat(http.get("/subjects/twice-value/versions").ints()).containsExactly(1);
    }

    @Test
    void theSameSchemaUnderAnotherSubjectKeepsItsGlobalId() {
        String schema = "{\"type\":\"record\",\"name\":\"Shared\",\"fields\":[{\"name\":\"x\",\"type\":\"long\"}]}";
        int first = register("shared-a", schema);
        int second = register("shared-b", schema);
        int other = register("shared-c", "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[]}");

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(http.get("/schemas/ids/" + first + "/subjects").strings()).containsExactly("shared-a", "shared-b");
        assertThat(http.get("/subjects/shared-b/versions/1").json().get("id").asInt()).isEqualTo(first);
    }

    @Test
    void acceptsTheContentTypesClientsSend() {
        List<String> contentTypes = List.of("application/vnd.schemaregistry.v1+json",
                "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");
        int id = register("types-value", user());
        for (String contentType : contentTypes) {
            Reply reply = http.post("/subjects/types-value/versions", schemaBody(user()), contentType);
            assertThat(reply.status()).as(contentType).isEqualTo(200);
            assertThat(reply.json().get("id").asInt()).isEqualTo(id);
        }
        assertThat(http.post("/subjects/types-value/versions", schemaBody(user()), null).status()).isEqualTo(200);
        assertThat(http.post("/subjects/types-value/versions",
                json(Map.of("schema", user(), "schemaType", "AVRO", "references", List.of()))).status())
                .isEqualTo(200);
    }

    @Test
    void looksUpWhetherASchemaIsRegisteredUnderASubject() {
        int id = register("lookup-value", user());
        register("lookup-value", user(EMAIL_DEFAULTED));

        Reply found = http.post("/subjects/lookup-value", schemaBody(user()));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("subject").asString()).isEqualTo("lookup-value");
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("schema").asString()).isEqualTo(user());

        Reply unknownSchema = http.post("/subjects/lookup-value", schemaBody(user(AGE)));
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.errorCode()).isEqualTo(40403);

        Reply unknownSubject = http.post("/subjects/lookup-nobody", schemaBody(user()));
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.errorCode()).isEqualTo(40401);
    }

    // ---- errors ----

    @Test
    void unknownSubjectVersionOrIdAreNotFound() {
        register("errors-value", user());

        Reply subject = http.get("/subjects/errors-nobody/versions");
        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.errorCode()).isEqualTo(40401);
        assertThat(subject.json().get("message").asString()).contains("errors-nobody");
        assertThat(subject.contentType()).startsWith(RegistryHttp.REGISTRY_JSON);
        assertThat(http.get("/subjects/errors-nobody/versions/latest").errorCode()).isEqualTo(40401);

        Reply version = http.get("/subjects/errors-value/versions/7");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.errorCode()).isEqualTo(40402);

        Reply id = http.get("/schemas/ids/987654");
        assertThat(id.status()).isEqualTo(404);
        assertThat(id.errorCode()).isEqualTo(40403);

        for (String invalid : List.of("0", "-2", "first", "99999999999")) {
            Reply badVersion = http.get("/subjects/errors-value/versions/" + invalid);
            assertThat(badVersion.status()).as(invalid).isEqualTo(422);
            assertThat(badVersion.errorCode()).as(invalid).isEqualTo(42202);
        }
    }

    @Test
    void invalidAvroIsRejectedWith42201() {
        List<String> invalid = List.of(
                "{\"type\":\"record\",\"name\":\"Broken\"",
                "{\"type\":\"record\",\"name\":\"NoSuchType\",\"fields\":[{\"name\":\"x\",\"type\":\"Missing\"}]}",
                "{\"type\":\"record\",\"name\":\"BadDefault\",\"fields\":[{\"name\":\"x\",\"type\":\"int\",\"default\":\"no\"}]}",
                "");
        for (String schema : invalid) {
            Reply reply = http.post("/subjects/invalid-value/versions", schemaBody(schema));
            assertThat(reply.status()).as(schema).isEqualTo(422);
            assertThat(reply.errorCode()).as(schema).isEqualTo(42201);
        }
        Reply protobuf = http.post("/subjects/invalid-value/versions",
                json(Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF")));
        assertThat(protobuf.status()).isEqualTo(422);
        assertThat(protobuf.errorCode()).isEqualTo(42201);
        assertThat(http.get("/subjects/invalid-value/versions").errorCode()).as("nothing registered").isEqualTo(40401);
    }

    @Test
    void failuresOutsideTheApiKeepTheErrorShape() {
        Reply unknownPath = http.get("/no/such/path");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.errorCode()).isEqualTo(404);

        Reply notJson = http.post("/subjects/shape-value/versions", "not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorCode()).isEqualTo(400);

        Reply wrongMethod = http.put("/subjects/shape-value/versions", schemaBody(user()));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo(405);

        Reply form = http.post("/subjects/shape-value/versions", schemaBody(user()), "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.errorCode()).isEqualTo(415);

        assertThat(http.get("/").status()).isEqualTo(200);
    }

    // ---- compatibility ----

    @Test
    void underBackwardTransitiveANewFieldNeedsADefault() {
        setLevel("compat-value", "BACKWARD_TRANSITIVE");
        int first = register("compat-value", user());

        Reply rejected = http.post("/subjects/compat-value/versions", schemaBody(user(EMAIL)));
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.errorCode()).isEqualTo(409);
        assertThat(rejected.json().get("message").asString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(http.get("/subjects/compat-value/versions").ints()).as("nothing changed").containsExactly(1);
        assertThat(http.get("/subjects/compat-value/versions/latest").json().get("id").asInt()).isEqualTo(first);

        int second = register("compat-value", user(EMAIL_DEFAULTED));
        assertThat(second).isNotEqualTo(first);
        assertThat(http.get("/subjects/compat-value/versions").ints()).containsExactly(1, 2);
    }

    @Test
    void theDefaultLevelIsBackwardTransitive() {
        assertThat(http.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD_TRANSITIVE");
        register("default-level-value", user());
        assertThat(http.post("/subjects/default-level-value/versions", schemaBody(user(EMAIL))).status())
                .isEqualTo(409);
    }

    /** v1 {id}, v2 {id, email=""}; the candidate {id, email} reads v2 data but not v1 data. */
    @Test
    void transitiveLevelsCheckEveryEarlierVersionNotJustTheLatest() {
        String candidate = schemaBody(user(EMAIL));
        for (String subject : List.of("trans-a", "trans-b")) {
            setLevel(subject, "BACKWARD");
            register(subject, user());
            register(subject, user(EMAIL_DEFAULTED));
        }

        Reply latestOnly = http.post("/compatibility/subjects/trans-a/versions/latest", candidate);
        assertThat(latestOnly.status()).isEqualTo(200);
        assertThat(latestOnly.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/subjects/trans-a/versions", candidate).status()).isEqualTo(200);
        assertThat(http.get("/subjects/trans-a/versions").ints()).containsExactly(1, 2, 3);

        setLevel("trans-b", "BACKWARD_TRANSITIVE");
        Reply transitive = http.post("/compatibility/subjects/trans-b/versions/latest?verbose=true", candidate);
        assertThat(transitive.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(transitive.json().get("messages").get(0).asString()).contains("version 1");
        assertThat(http.post("/subjects/trans-b/versions", candidate).status()).isEqualTo(409);
        assertThat(http.get("/subjects/trans-b/versions").ints()).containsExactly(1, 2);
    }

    @Test
    void testsCompatibilityAgainstAGivenVersionWithoutRegistering() {
        setLevel("check-value", "BACKWARD");
        register("check-value", user());
        register("check-value", user(EMAIL_DEFAULTED));

        Reply againstV2 = http.post("/compatibility/subjects/check-value/versions/2", schemaBody(user(EMAIL)));
        assertThat(againstV2.status()).isEqualTo(200);
        assertThat(againstV2.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(againstV2.json().has("messages")).as("only when verbose").isFalse();

        Reply againstV1 = http.post("/compatibility/subjects/check-value/versions/1?verbose=true",
                schemaBody(user(EMAIL)));
        assertThat(againstV1.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(againstV1.json().get("messages").size()).isPositive();

        Reply compatibleVerbose = http.post("/compatibility/subjects/check-value/versions/latest?verbose=true",
                schemaBody(user(EMAIL_DEFAULTED, "{\"name\":\"age\",\"type\":\"int\",\"default\":0}")));
        assertThat(compatibleVerbose.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(compatibleVerbose.json().get("messages").size()).isZero();

        assertThat(http.post("/compatibility/subjects/check-value/versions", schemaBody(user(EMAIL)))
                .json().get("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/compatibility/subjects/check-nobody/versions", schemaBody(user()))
                .json().get("is_compatible").asBoolean()).as("a new subject accepts anything").isTrue();
        assertThat(http.get("/subjects/check-value/versions").ints()).as("nothing registered").containsExactly(1, 2);

        Reply unknownSubject = http.post("/compatibility/subjects/check-nobody/versions/latest", schemaBody(user()));
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.errorCode()).isEqualTo(40401);
        Reply unknownVersion = http.post("/compatibility/subjects/check-value/versions/9", schemaBody(user()));
        assertThat(unknownVersion.status()).isEqualTo(404);
        assertThat(unknownVersion.errorCode()).isEqualTo(40402);
        assertThat(http.post("/compatibility/subjects/check-value/versions/latest", schemaBody("{")).errorCode())
                .isEqualTo(42201);
    }

    // ---- config ----

    @Test
    void globalLevelCanBeReadSetAndReset() {
        try {
            Reply set = http.put("/config", json(Map.of("compatibility", "FULL")));
            assertThat(set.status()).isEqualTo(200);
            assertThat(set.json().get("compatibility").asString()).isEqualTo("FULL");
            assertThat(http.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("FULL");

            Reply invalid = http.put("/config", json(Map.of("compatibility", "SIDEWAYS")));
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.errorCode()).isEqualTo(42203);
            assertThat(http.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("FULL");
        } finally {
            assertThat(http.delete("/config").json().get("compatibilityLevel").asString()).isEqualTo("FULL");
        }
        assertThat(http.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD_TRANSITIVE");
    }

    @Test
    void subjectLevelOverridesTheGlobalOne() {
        Reply none = http.get("/config/config-value");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo(40408);
        assertThat(http.get("/config/config-value?defaultToGlobal=true").json().get("compatibilityLevel").asString())
                .isEqualTo("BACKWARD_TRANSITIVE");

        for (String level : List.of("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE",
                "FULL", "FULL_TRANSITIVE")) {
            Reply set = http.put("/config/config-value", json(Map.of("compatibility", level)));
            assertThat(set.json().get("compatibility").asString()).isEqualTo(level);
            assertThat(http.get("/config/config-value").json().get("compatibilityLevel").asString()).isEqualTo(level);
        }
        Reply invalid = http.put("/config/config-value", json(Map.of("compatibility", "ALMOST")));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);

        setLevel("config-value", "NONE");
        register("config-value", user());
        assertThat(http.post("/subjects/config-value/versions", schemaBody(user(EMAIL))).status())
                .as("NONE accepts anything").isEqualTo(200);

        assertThat(http.delete("/config/config-value").json().get("compatibilityLevel").asString()).isEqualTo("NONE");
        assertThat(http.get("/config/config-value").errorCode()).isEqualTo(40408);
    }

    // ---- deleting ----

    @Test
    void softDeletedSubjectDisappearsButItsSchemasStayReadableById() {
        setLevel("gone-value", "BACKWARD_TRANSITIVE");
        int id = register("gone-value", user());
        register("gone-value", user(EMAIL_DEFAULTED));

        Reply deleted = http.delete("/subjects/gone-value");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.ints()).containsExactly(1, 2);

        assertThat(http.get("/subjects").strings()).doesNotContain("gone-value");
        assertThat(http.get("/subjects?deleted=true").strings()).contains("gone-value");
        assertThat(http.get("/subjects/gone-value/versions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/gone-value/versions/1").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/gone-value/versions?deleted=true").ints()).containsExactly(1, 2);
        assertThat(http.get("/schemas/ids/" + id).json().get("schema").asString()).isEqualTo(user());
        assertThat(http.delete("/subjects/gone-value").errorCode()).as("already soft-deleted").isEqualTo(40404);

        // Nothing live is left to be compatible with: even a breaking schema may start the subject again.
        int again = register("gone-value", user(AGE));
        assertThat(http.get("/subjects/gone-value/versions").ints()).containsExactly(3);
        assertThat(http.get("/subjects/gone-value/versions/latest").json().get("id").asInt()).isEqualTo(again);
        assertThat(register("gone-value", user())).as("a known schema keeps its id").isEqualTo(id);
    }

    @Test
    void deletesSingleVersionsAndPermanentlyOnlyAfterASoftDelete() {
        setLevel("versions-value", "NONE");
        register("versions-value", user());
        register("versions-value", user(AGE));

        assertThat(http.delete("/subjects/versions-value/versions/1?permanent=true").errorCode()).isEqualTo(40407);
        assertThat(http.delete("/subjects/versions-value/versions/1").json().asInt()).isEqualTo(1);
        assertThat(http.get("/subjects/versions-value/versions").ints()).containsExactly(2);
        assertThat(http.get("/subjects/versions-value/versions/1").errorCode()).isEqualTo(40402);
        assertThat(http.delete("/subjects/versions-value/versions/1").errorCode()).isEqualTo(40406);
        assertThat(http.delete("/subjects/versions-value/versions/1?permanent=true").json().asInt()).isEqualTo(1);
        assertThat(http.get("/subjects/versions-value/versions?deleted=true").ints()).containsExactly(2);

        assertThat(http.delete("/subjects/versions-value?permanent=true").errorCode()).isEqualTo(40405);
        assertThat(http.delete("/subjects/versions-value").ints()).containsExactly(2);
        assertThat(http.delete("/subjects/versions-value?permanent=true").ints()).containsExactly(2);
        assertThat(http.get("/subjects?deleted=true").strings()).doesNotContain("versions-value");
        assertThat(http.delete("/subjects/versions-value").errorCode()).isEqualTo(40401);
    }

    // ---- references ----

    @Test
    void schemasMayImportTypesFromOtherSubjects() {
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"dev.cohort.test\","
                + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
        String person = "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"dev.cohort.test\","
                + "\"fields\":[{\"name\":\"home\",\"type\":\"dev.cohort.test.Address\"}]}";
        register("address", address);
        Map<String, Object> reference = Map.of("name", "dev.cohort.test.Address", "subject", "address", "version", 1);

        Reply withReference = http.post("/subjects/person-value/versions",
                json(Map.of("schema", person, "references", List.of(reference))));
        assertThat(withReference.status()).as(withReference.text()).isEqualTo(200);
        Reply stored = http.get("/subjects/person-value/versions/1");
        // Stored as Avro renders it: the imported type by name, not inlined.
        assertThat(stored.json().get("schema").asString()).contains("Address").doesNotContain("city");
        assertThat(stored.json().get("references").get(0).get("subject").asString()).isEqualTo("address");

        assertThat(http.post("/subjects/person-value/versions", schemaBody(person)).errorCode())
                .as("without its reference the type is unknown").isEqualTo(42201);
        assertThat(http.delete("/subjects/address").status()).isEqualTo(200);
        assertThat(http.delete("/subjects/address?permanent=true").errorCode()).isEqualTo(42206);
    }
}
