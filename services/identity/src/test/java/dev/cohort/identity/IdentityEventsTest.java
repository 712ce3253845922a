package dev.cohort.identity;

import dev.cohort.eventtestkit.TestEvents;
import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.identity.UserReinstated;
import dev.cohort.events.identity.UserSuspended;
import dev.cohort.events.serde.AvroDeserializer;
import dev.cohort.identity.events.IdentityEvents;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.ReinstateUserRequest;
import dev.cohort.identity.v1.SuspendUserRequest;
import dev.cohort.identity.v1.User;
import dev.cohort.kafka.broker.InJvmKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Identity's events reach Kafka through the outbox, in the Confluent wire format, against a real registry. */
class IdentityEventsTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, IdentityEventsTest.class, true);
        registry.add("cohort.events.bootstrap-servers", () -> InJvmKafka.shared().bootstrapServers());
        registry.add("cohort.events.schema-registry-url", TestEvents::registryUrl);
    }

    @Value("${cohort.identity.bootstrap-admin.email}")
    String adminEmail;
    AvroDeserializer deserializer;

    @BeforeAll
    void prepare() {
        deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", TestEvents.registryUrl()), false);
    }

    @AfterAll
    void release() {
        deserializer.close();
    }

    @Test
    void registeringPublishesUserRegisteredInTheConfluentWireFormat() throws Exception {
        String email = uniqueEmail("evented");
        User user = client.register(email);

        ConsumerRecord<String, byte[]> record = recordsFor(user.getUserId(), 1).get(0);

        byte[] value = record.value();
        assertThat(value[0]).as("magic byte").isEqualTo((byte) 0);
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
        HttpResponse<String> schema = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(TestEvents.registryUrl() + "/schemas/ids/" + schemaId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).contains("UserRegistered");

        UserRegistered event = (UserRegistered) deserializer.deserialize(IdentityEvents.TOPIC, value);
        assertThat(event.getUserId()).isEqualTo(user.getUserId());
        assertThat(event.getEmail()).isEqualTo(email);
        assertThat(event.getDisplayName()).isEqualTo("Test Person");
        assertThat(event.getRoles()).containsExactly("ROLE_STUDENT");
        assertThat(event.getMetadata().getAggregateId()).isEqualTo(user.getUserId());
        assertThat(event.getMetadata().getProducer()).isEqualTo("identity");
        assertThat(event.getMetadata().getEventId()).isNotNull();
        assertThat(event.getMetadata().getTraceparent()).startsWith("00-");
    }

    @Test
    void administrativeChangesArriveInOrderForTheUser() {
        LoginResponse admin = client.login(adminEmail, IdentityTestSupport.ADMIN_PASSWORD);
        LoginResponse student = client.newStudent("ordered");
        String userId = student.getUser().getUserId();
        var asAdmin = client.as(admin.getTokens().getAccessToken());
        asAdmin.suspendUser(SuspendUserRequest.newBuilder().setUserId(userId).setReason("a reason").build());
        asAdmin.reinstateUser(ReinstateUserRequest.newBuilder().setUserId(userId).build());

        List<SpecificRecord> events = recordsFor(userId, 3).stream()
                .map(record -> (SpecificRecord) deserializer.deserialize(IdentityEvents.TOPIC, record.value()))
                .toList();

        assertThat(events).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("UserRegistered", "UserSuspended", "UserReinstated");
        assertThat(((UserSuspended) events.get(1)).getSuspendedBy()).isEqualTo(admin.getUser().getUserId());
        assertThat(((UserReinstated) events.get(2)).getReinstatedBy()).isEqualTo(admin.getUser().getUserId());
        assertThat(client.login(student.getUser().getEmail(), PASSWORD).hasTokens()).isTrue();
    }

    private static List<ConsumerRecord<String, byte[]>> recordsFor(String userId, int count) {
        return TestEvents.readUntil(InJvmKafka.shared().bootstrapServers(), IdentityEvents.TOPIC,
                        seen -> seen.stream().filter(r -> userId.equals(r.key())).count() >= count)
                .stream().filter(r -> userId.equals(r.key())).toList();
    }
}
