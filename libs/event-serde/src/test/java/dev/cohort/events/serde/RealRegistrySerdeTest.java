package dev.cohort.events.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.events.identity.UserRegistered;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The serde contract against Cohort's real schema registry (dev/schema-registry, in this JVM, on
 * a fresh PostgreSQL database from the test kit), which enforces BACKWARD_TRANSITIVE per subject.
 */
class RealRegistrySerdeTest extends SerdeContract {
    private static ConfigurableApplicationContext registry;
    private static String url;

    @BeforeAll
    static void startRegistry() {
        TestDatabase database = TestPostgres.shared().createDatabase("serde");
        registry = SchemaRegistryApplication.start(database.jdbcUrl(), database.username(), database.password(), 0);
        url = SchemaRegistryApplication.url(registry);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    String registryUrl() {
        return url;
    }

    @Test
    void anIncompatibleSchemaIsRejectedByTheRegistryWithItsErrorCode() {
        String topic = newTopic("incompatible");
        String subject = WireFormat.subject(topic, UserRegistered.getClassSchema().getFullName());
        new AvroSerializer<UserRegistered>(newClient(), true).serialize(topic, SampleEvents.userRegistered());

        Schema requiredFieldAdded = withExtraRequiredField(UserRegistered.getClassSchema(), "locale");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> newClient().register(subject, requiredFieldAdded));
        assertEquals(409, e.httpStatus(), e.getMessage());
        assertEquals(SchemaRegistryException.INCOMPATIBLE_SCHEMA, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().contains("POST /subjects/" + subject + "/versions failed with HTTP 409"), e.getMessage());
    }

    @Test
    void anUnknownSchemaIdIsNotFoundWithConfluentsErrorCode() {
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> newClient().schemaById(999_999));
        assertEquals(404, e.httpStatus());
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, e.errorCode(), e.getMessage());
        SerializationException poison = assertThrows(SerializationException.class,
                () -> new AvroDeserializer(newClient()).deserialize("t", new byte[] {0, 0, 0x0f, 0x42, 0x3f, 2}));
        assertInstanceOf(PoisonRecordException.class, poison, poison.getMessage());
    }

    private static Schema withExtraRequiredField(Schema record, String name) {
        java.util.List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field(name, Schema.create(Schema.Type.STRING), "Required, no default."));
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
