package dev.cohort.contracttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohort.events.Topics;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.serde.AvroDeserializer;
import dev.cohort.events.serde.AvroSerializer;
import dev.cohort.events.serde.SchemaRegistryClient;
import dev.cohort.events.serde.WireFormat;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Confluent's official Node.js Schema Registry client and Avro serde ({@code @confluentinc/schemaregistry}, see
 * node/confluent-interop.mjs) and Cohort's Java serde (libs/event-serde) read each other's records through
 * Cohort's schema registry: same subject (TopicRecordNameStrategy), same Avro schema, same bytes after the header.
 *
 * <p>The registry runs in this JVM, on a free port, with its own PostgreSQL database; records travel as files
 * under target/contract-work/confluent-interop.
 */
class ConfluentNodeClientInteropTest {

    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(1);
    private static final String TOPIC = Topics.IDENTITY_USERS;
    private static final String SUBJECT = WireFormat.subject(TOPIC, UserRegistered.getClassSchema().getFullName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConfigurableApplicationContext registry;
    private static String registryUrl;
    private static Path workDir;

    @BeforeAll
    static void startRegistry() throws IOException {
        TestDatabase database = TestPostgres.shared().createDatabase("interop");
        registry = SchemaRegistryApplication.start(database.jdbcUrl(), database.username(), database.password(), 0);
        registryUrl = SchemaRegistryApplication.url(registry);
        workDir = Files.createDirectories(ContractPaths.workDir().resolve("confluent-interop"));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void recordSerializedByConfluentsNodeClientDecodesWithOurDeserializer() throws Exception {
        UserRegistered sent = userRegistered(null, "Zoë Ångström-Łukasiewicz 李", List.of("ROLE_STUDENT", "ROLE_INSTRUCTOR"));
        Path recordFile = write("to-node.json", JSON.writeValueAsBytes(asAvscJson(sent)));
        Path bytesFile = workDir.resolve("from-node.bin");
        Files.deleteIfExists(bytesFile);

        runNode("serialize", recordFile, bytesFile);
        byte[] fromNode = Files.readAllBytes(bytesFile);

        assertThat(fromNode[0]).as("magic byte").isEqualTo(WireFormat.MAGIC_BYTE);
        int nodeSchemaId = schemaId(fromNode);
        SpecificRecord decoded = deserializer().deserialize(TOPIC, fromNode);
        assertThat(decoded).isInstanceOf(UserRegistered.class);
        assertSameUserRegistered((UserRegistered) decoded, sent);

        // Both clients register under the one TopicRecordNameStrategy subject, and Avro binary leaves no freedom:
        // our serializer writes the very same body. Ours registers the portable schema (no Java-only properties),
        // so the event has one schema id whichever language produced it.
        byte[] fromJava = serializer().serialize(TOPIC, sent);
        int javaSchemaId = schemaId(fromJava);
        assertThat(body(fromJava)).as("our serializer's Avro body for the same record").isEqualTo(body(fromNode));
        assertThat(javaSchemaId).as("one schema id for the event, from Node and from Java").isEqualTo(nodeSchemaId);
        for (int id : new int[] {nodeSchemaId, javaSchemaId}) {
            assertThat(getJson("/schemas/ids/" + id + "/versions")).as("subjects and versions of schema id %d", id)
                    .anySatisfy(use -> assertThat(use.path("subject").asText()).isEqualTo(SUBJECT));
        }
        SchemaRegistryClient client = new SchemaRegistryClient(registryUrl);
        assertThat(SchemaNormalization.toParsingForm(client.schemaById(nodeSchemaId)))
                .as("schema %d (Node) and %d (Java) in Parsing Canonical Form", nodeSchemaId, javaSchemaId)
                .isEqualTo(SchemaNormalization.toParsingForm(client.schemaById(javaSchemaId)))
                .isEqualTo(SchemaNormalization.toParsingForm(UserRegistered.getClassSchema()));
    }

    @Test
    void recordSerializedByOurSerializerDecodesWithConfluentsNodeClient() throws Exception {
        UserRegistered sent = userRegistered("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "Ada Lovelace", List.of("ROLE_STUDENT"));
        Path bytesFile = write("from-java.bin", serializer().serialize(TOPIC, sent));
        Path decodedFile = workDir.resolve("decoded-by-node.json");
        Files.deleteIfExists(decodedFile);

        runNode("deserialize", bytesFile, decodedFile);

        JsonNode decoded = JSON.readTree(decodedFile.toFile());
        assertThat(decoded).as("the record as Confluent's AvroDeserializer (avsc) decoded it")
                .isEqualTo(JSON.valueToTree(asAvscJson(sent)));
        // Spelled out, for the logical types: avsc (without logical types) gives their underlying values.
        assertThat(decoded.at("/metadata/event_id").asText()).isEqualTo(sent.getMetadata().getEventId().toString());
        assertThat(decoded.at("/metadata/occurred_at").isIntegralNumber()).isTrue();
        assertThat(decoded.at("/metadata/occurred_at").asLong()).isEqualTo(sent.getMetadata().getOccurredAt().toEpochMilli());
    }

    /** Runs node/confluent-interop.mjs in {@code mode} and asserts that it succeeded. */
    private static void runNode(String mode, Path input, Path output) {
        ExternalProcess.Result result = ExternalProcess.run(
                ContractPaths.moduleDir(),
                Map.of(
                        "SCHEMA_REGISTRY_URL", registryUrl,
                        "INTEROP_TOPIC", TOPIC,
                        "INTEROP_INPUT", input.toString(),
                        "INTEROP_OUTPUT", output.toString(),
                        "COHORT_AVRO_DIR", ContractPaths.avroDir().toString()),
                NODE_TIMEOUT,
                List.of("node", "node/confluent-interop.mjs", mode));

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(output).as(result.describe()).exists();
    }

    private static UserRegistered userRegistered(String traceparent, String displayName, List<String> roles) {
        String userId = UUID.randomUUID().toString();
        return UserRegistered.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID())
                        // timestamp-millis: whole milliseconds survive the round trip.
                        .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                        .setAggregateId(userId)
                        .setProducer("identity")
                        .setTraceparent(traceparent)
                        .build())
                .setUserId(userId)
                .setEmail("interop-" + userId.substring(0, 8) + "@example.org")
                .setDisplayName(displayName)
                .setRoles(roles)
                .build();
    }

    /** The record as avsc reads and writes it without logical types: UUID as string, instant as epoch millis. */
    private static Map<String, Object> asAvscJson(UserRegistered event) {
        EventMetadata metadata = event.getMetadata();
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event_id", metadata.getEventId().toString());
        envelope.put("occurred_at", metadata.getOccurredAt().toEpochMilli());
        envelope.put("aggregate_id", metadata.getAggregateId());
        envelope.put("producer", metadata.getProducer());
        envelope.put("traceparent", metadata.getTraceparent());
        json.put("metadata", envelope);
        json.put("user_id", event.getUserId());
        json.put("email", event.getEmail());
        json.put("display_name", event.getDisplayName());
        json.put("roles", event.getRoles());
        return json;
    }

    private static void assertSameUserRegistered(UserRegistered actual, UserRegistered expected) {
        EventMetadata metadata = actual.getMetadata();
        assertThat(metadata.getEventId()).as("metadata.event_id").isEqualTo(expected.getMetadata().getEventId());
        assertThat(metadata.getOccurredAt()).as("metadata.occurred_at").isEqualTo(expected.getMetadata().getOccurredAt());
        assertThat(metadata.getAggregateId()).as("metadata.aggregate_id").isEqualTo(expected.getMetadata().getAggregateId());
        assertThat(metadata.getProducer()).as("metadata.producer").isEqualTo(expected.getMetadata().getProducer());
        assertThat(metadata.getTraceparent()).as("metadata.traceparent").isEqualTo(expected.getMetadata().getTraceparent());
        assertThat(actual.getUserId()).as("user_id").isEqualTo(expected.getUserId());
        assertThat(actual.getEmail()).as("email").isEqualTo(expected.getEmail());
        assertThat(actual.getDisplayName()).as("display_name").isEqualTo(expected.getDisplayName());
        assertThat(actual.getRoles()).as("roles").containsExactlyElementsOf(expected.getRoles());
        assertThat(actual).as("the whole record").isEqualTo(expected);
    }

    private static AvroSerializer<UserRegistered> serializer() {
        AvroSerializer<UserRegistered> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registryUrl, "auto.register.schemas", true), false);
        return serializer;
    }

    private static AvroDeserializer deserializer() {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registryUrl), false);
        return deserializer;
    }

    /** The Avro binary after the Confluent wire format header. */
    private static byte[] body(byte[] record) {
        return Arrays.copyOfRange(record, WireFormat.HEADER_LENGTH, record.length);
    }

    /** The schema id in the Confluent wire format header. */
    private static int schemaId(byte[] record) {
        assertThat(record).as("Confluent wire format record").hasSizeGreaterThan(WireFormat.HEADER_LENGTH);
        return ByteBuffer.wrap(record, 1, 4).getInt();
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(workDir.resolve(name), content);
    }

    private static JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
