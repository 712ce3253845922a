package dev.cohort.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.identity.UserSuspended;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

class RegisterSchemasTest {

    static ConfigurableApplicationContext registry;
    static String url;

    @BeforeAll
    static void startRegistry() {
        TestDatabase database = TestPostgres.shared().createDatabase("register_schemas");
        registry = SchemaRegistryApplication.start(database.jdbcUrl(), database.username(), database.password(), 0);
        url = SchemaRegistryApplication.url(registry);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void registersEachEventUnderItsTopicSubjectAndIsIdempotent() {
        var registrations = List.of(
                RegisterSchemas.Registration.parse("cohort.identity.users=" + UserRegistered.class.getName()),
                RegisterSchemas.Registration.parse("cohort.identity.users=" + UserSuspended.class.getName()));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        List<Integer> first = RegisterSchemas.register(new SchemaRegistryClient(url), registrations,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        List<Integer> again = RegisterSchemas.register(new SchemaRegistryClient(url), registrations,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(again).isEqualTo(first);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("cohort.identity.users-dev.cohort.events.identity.UserRegistered")
                .contains("cohort.identity.users-dev.cohort.events.identity.UserSuspended");
    }

    @Test
    void aProducerWithAutoRegistrationOffUsesTheRegisteredSchema() {
        RegisterSchemas.register(new SchemaRegistryClient(url),
                List.of(RegisterSchemas.Registration.parse("prod.topic=" + UserRegistered.class.getName())),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        AvroSerializer<UserRegistered> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", url, "auto.register.schemas", false), false);

        byte[] bytes = serializer.serialize("prod.topic", SampleEvents.userRegistered());

        assertThat(bytes[0]).isZero();
    }

    @Test
    void anIncompatibleSchemaIsRefusedWithTheRegistrysReason() {
        SchemaRegistryClient client = new SchemaRegistryClient(url);
        String subject = WireFormat.subject("evolving.topic", "test.Evolving");
        client.register(subject, new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Evolving\",\"namespace\":\"test\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}"));

        assertThatThrownBy(() -> client.register(subject, new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Evolving\",\"namespace\":\"test\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                        + "{\"name\":\"b\",\"type\":\"int\"}]}")))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("409");
    }

    @Test
    void rejectsMalformedArguments() {
        assertThatThrownBy(() -> RegisterSchemas.Registration.parse("no-equals-sign"))
                .hasMessageContaining("<topic>=<record class>");
        assertThatThrownBy(() -> RegisterSchemas.Registration.parse("t=java.lang.String"))
                .hasMessageContaining("not a generated Avro record");
        assertThatThrownBy(() -> RegisterSchemas.Registration.parse("t=no.such.Type"))
                .hasMessageContaining("no class no.such.Type");
    }
}
