package dev.cohort.events.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohort.events.identity.UserRegistered;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * What the serde must do against any Confluent-compatible registry; subclasses say which one.
 * Every test uses its own topic, so subjects never collide between tests.
 */
abstract class SerdeContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Base URL of the registry under test. */
    abstract String registryUrl();

    static String newTopic(String hint) {
        return "test." + hint + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    SchemaRegistryClient newClient() {
        return new SchemaRegistryClient(registryUrl());
    }

    @Test
    void everyIdentityEventRoundTripsThroughSerializerAndDeserializer() {
        String topic = newTopic("identity");
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl()), false);
        AvroDeserializer deserializer = new AvroDeserializer();
        // A client of its own: ids must resolve through the registry, not a cache filled by the serializer.
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT, newClient()), false);

        for (SpecificRecord event : SampleEvents.all()) {
            byte[] bytes = serializer.serialize(topic, event);
            SpecificRecord back = deserializer.deserialize(topic, bytes);
            assertEquals(event.getClass(), back.getClass());
            assertEquals(event, back, event.getSchema().getFullName());
        }
    }

    @Test
    void valueStartsWithMagicByteZeroAndAnIdThatResolvesToTheWriterSchema() throws Exception {
        String topic = newTopic("wire");
        UserRegistered event = SampleEvents.userRegistered();
        byte[] bytes = new AvroSerializer<UserRegistered>(newClient(), true).serialize(topic, event);

        assertEquals(0, bytes[0], "magic byte");
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        // Straight from the REST API, no client code involved.
        JsonNode answer = getJson("/schemas/ids/" + id);
        // Registered in its portable form: no Java-only properties, so every language gets this same id.
        assertEquals(PortableSchemas.of(UserRegistered.getClassSchema()), new Schema.Parser().parse(answer.get("schema").asText()));
        assertFalse(answer.get("schema").asText().contains("avro.java"), "no Java-only properties registered");
        assertEquals(id, newClient().lookup(topic + "-dev.cohort.events.identity.UserRegistered",
                PortableSchemas.of(UserRegistered.getClassSchema())));
        // The rest is plain Avro binary of the record, no container header.
        byte[] body = Arrays.copyOfRange(bytes, 5, bytes.length);
        assertArrayEquals(plainAvro(event), body);
    }

    @Test
    void aSchemaIsRegisteredOnceAndItsIdCached() throws Exception {
        String topic = newTopic("cache");
        CountingHttpClient http = new CountingHttpClient();
        SchemaRegistryClient client = new SchemaRegistryClient(URI.create(registryUrl()), http, Duration.ofSeconds(5));
        AvroSerializer<SpecificRecord> first = new AvroSerializer<>(client, true);
        AvroSerializer<SpecificRecord> second = new AvroSerializer<>(client, true);
        AvroDeserializer deserializer = new AvroDeserializer(client);

        for (int i = 0; i < 3; i++) {
            deserializer.deserialize(topic, first.serialize(topic, SampleEvents.userRegistered()));
            deserializer.deserialize(topic, second.serialize(topic, SampleEvents.userRegistered()));
        }

        String subject = topic + "-dev.cohort.events.identity.UserRegistered";
        assertEquals(List.of("POST /subjects/" + subject + "/versions"), http.sent(),
                "one registration, and the deserializer needs no fetch for an id the client registered itself");
        assertEquals(1, getJson("/subjects/" + subject + "/versions").size());

        // A fresh client (another process, say) fetches each id once.
        CountingHttpClient otherHttp = new CountingHttpClient();
        AvroDeserializer other = new AvroDeserializer(
                new SchemaRegistryClient(URI.create(registryUrl()), otherHttp, Duration.ofSeconds(5)));
        byte[] bytes = first.serialize(topic, SampleEvents.userRegistered());
        for (int i = 0; i < 3; i++) {
            other.deserialize(topic, bytes);
        }
        assertEquals(1, otherHttp.count("GET /schemas/ids/"), otherHttp.sent().toString());
    }

    @Test
    void withAutoRegistrationOffAnUnregisteredSchemaFailsClearlyAndARegisteredOneIsLookedUp() {
        String topic = newTopic("noauto");
        String subject = topic + "-dev.cohort.events.identity.UserRegistered";
        AvroSerializer<UserRegistered> lookupOnly = new AvroSerializer<>();
        lookupOnly.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl(),
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

        SchemaNotRegisteredException e = assertThrows(SchemaNotRegisteredException.class,
                () -> lookupOnly.serialize(topic, SampleEvents.userRegistered()));
        assertEquals(subject, e.subject());
        assertTrue(e.getMessage().contains("not registered under subject '" + subject + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("auto.register.schemas=false"), e.getMessage());
        SchemaRegistryException cause = assertInstanceOf(SchemaRegistryException.class, e.getCause());
        assertTrue(cause.isNotFound(), cause.getMessage());

        // Once the registration step has run, the same serializer finds the id.
        int registered = newClient().register(subject, PortableSchemas.of(UserRegistered.getClassSchema()));
        byte[] bytes = lookupOnly.serialize(topic, SampleEvents.userRegistered());
        assertEquals(registered, ByteBuffer.wrap(bytes, 1, 4).getInt());
    }

    @Test
    void bytesWrittenWithAnOlderSchemaDecodeIntoTheCurrentClassWithDefaults() throws Exception {
        String topic = newTopic("evolution");
        String subject = topic + "-dev.cohort.events.identity.UserRegistered";
        // The older writer: the envelope before it had traceparent (a field with default null).
        Schema current = UserRegistered.getClassSchema();
        Schema oldMetadata = withoutField(current.getField("metadata").schema(), "traceparent");
        Schema older = replaceFieldSchema(current, "metadata", oldMetadata);
        int olderId = newClient().register(subject, older);

        GenericRecord metadata = new GenericData.Record(oldMetadata);
        metadata.put("event_id", "5f0c6a2e-8d1b-4c3a-9e7f-1a2b3c4d5e6f");
        metadata.put("occurred_at", 1_767_225_600_000L);
        metadata.put("aggregate_id", SampleEvents.USER);
        metadata.put("producer", "identity");
        GenericRecord record = new GenericData.Record(older);
        record.put("metadata", metadata);
        record.put("user_id", SampleEvents.USER);
        record.put("email", "grace@example.org");
        record.put("display_name", "Grace Hopper");
        record.put("roles", List.of("ROLE_INSTRUCTOR"));
        byte[] bytes = confluentBytes(olderId, older, record);

        SpecificRecord decoded = new AvroDeserializer(newClient()).deserialize(topic, bytes);

        UserRegistered event = assertInstanceOf(UserRegistered.class, decoded);
        assertNull(event.getMetadata().getTraceparent(), "default filled in");
        assertEquals(UUID.fromString("5f0c6a2e-8d1b-4c3a-9e7f-1a2b3c4d5e6f"), event.getMetadata().getEventId());
        assertEquals(1_767_225_600_000L, event.getMetadata().getOccurredAt().toEpochMilli());
        assertEquals("Grace Hopper", event.getDisplayName());
        assertEquals(List.of("ROLE_INSTRUCTOR"), event.getRoles());

        // And the current writer registers as the next version of the same subject (compatible).
        byte[] currentBytes = new AvroSerializer<UserRegistered>(newClient(), true)
                .serialize(topic, SampleEvents.userRegistered());
        assertTrue(ByteBuffer.wrap(currentBytes, 1, 4).getInt() != olderId);
        assertEquals(2, getJson("/subjects/" + subject + "/versions").size());
    }

    @Test
    void poisonRecordsAreReportedWithTopicAndCause() {
        String topic = newTopic("poison");
        AvroDeserializer deserializer = new AvroDeserializer(newClient());
        byte[] valid = new AvroSerializer<UserRegistered>(newClient(), true).serialize(topic, SampleEvents.userRegistered());
        byte[] badMagic = valid.clone();
        badMagic[0] = 1;
        byte[] unknownId = valid.clone();
        ByteBuffer.wrap(unknownId, 1, 4).putInt(999_999);
        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
        byte[] trailing = Arrays.copyOf(valid, valid.length + 2);

        assertPoison(deserializer, topic, new byte[0], PoisonRecordException.Reason.EMPTY, "empty");
        assertPoison(deserializer, topic, new byte[] {0, 0, 1}, PoisonRecordException.Reason.TOO_SHORT, "3 byte(s)");
        assertPoison(deserializer, topic, badMagic, PoisonRecordException.Reason.BAD_MAGIC_BYTE, "magic byte 1");
        assertPoison(deserializer, topic, unknownId, PoisonRecordException.Reason.UNKNOWN_SCHEMA_ID,
                "schema id 999999 is unknown");
        assertPoison(deserializer, topic, truncated, PoisonRecordException.Reason.UNDECODABLE_BODY, "does not decode");
        assertPoison(deserializer, topic, trailing, PoisonRecordException.Reason.UNDECODABLE_BODY, "left over");
        // A tombstone is not poison.
        assertNull(deserializer.deserialize(topic, null));
        assertNull(new AvroSerializer<UserRegistered>(newClient(), true).serialize(topic, null));
    }

    @Test
    void aWriterSchemaWithoutAGeneratedClassIsPoison() {
        String topic = newTopic("unknowntype");
        Schema stranger = new Schema.Parser().parse("""
                {"type":"record","name":"Stranger","namespace":"dev.cohort.events.nowhere","doc":"No class.",
                 "fields":[{"name":"x","type":"int","doc":"x"}]}""");
        int id = newClient().register(topic + "-dev.cohort.events.nowhere.Stranger", stranger);
        GenericRecord record = new GenericData.Record(stranger);
        record.put("x", 7);
        byte[] bytes;
        try {
            bytes = confluentBytes(id, stranger, record);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertPoison(new AvroDeserializer(newClient()), topic, bytes, PoisonRecordException.Reason.UNKNOWN_RECORD_TYPE,
                "dev.cohort.events.nowhere.Stranger");
    }

    @Test
    void configurationWithoutARegistryUrlIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> new AvroSerializer<>().configure(Map.of(), false));
        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
        assertThrows(ConfigException.class, () -> new AvroDeserializer().configure(Map.of(), false));
        assertThrows(ConfigException.class, () -> new AvroSerializer<>().configure(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl(), AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "maybe"),
                false));
    }

    static void assertPoison(AvroDeserializer deserializer, String topic, byte[] bytes,
            PoisonRecordException.Reason reason, String causeText) {
        PoisonRecordException e = assertThrows(PoisonRecordException.class, () -> deserializer.deserialize(topic, bytes));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(topic, e.topic());
        assertTrue(e.getMessage().contains("topic '" + topic + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(causeText), e.getMessage());
    }

    static byte[] confluentBytes(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] plainAvro(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new org.apache.avro.specific.SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Schema withoutField(Schema record, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            if (!field.name().equals(name)) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    static Schema replaceFieldSchema(Schema record, String name, Schema replacement) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(new Schema.Field(field, field.name().equals(name) ? replacement : field.schema()));
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl() + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
