package dev.cohort.identity;

import dev.cohort.eventtestkit.TestEvents;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.events.outbox.OutboxRelay;
import dev.cohort.identity.events.IdentityEvents;
import dev.cohort.identity.v1.User;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.ports.FreePorts;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kafka is down while people register: registration keeps working, the events wait in the outbox, and when a
 * broker comes up on the configured address every event arrives, in order per user.
 */
@SpringBootTest(classes = IdentityApplication.class, properties = {
        "spring.config.name=" + IdentityApplication.CONFIG_NAME,
        "cohort.events.relay.max-backoff=1s", "cohort.events.relay.send-timeout=3s"})
@Import(IdentityTestSupport.PortCapture.class)
class IdentityEventsDuringKafkaOutageTest {

    static final int KAFKA_PORT = FreePorts.pick();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, IdentityEventsDuringKafkaOutageTest.class, true);
        registry.add("cohort.events.bootstrap-servers", () -> "127.0.0.1:" + KAFKA_PORT);
        registry.add("cohort.events.schema-registry-url", TestEvents::registryUrl);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    OutboxRelay relay;
    @org.springframework.beans.factory.annotation.Value("${cohort.identity.bootstrap-admin.email}")
    String adminEmail;

    @Test
    void eventsWrittenWhileKafkaIsDownArriveInOrderOnceItIsBack() {
        List<String> userIds = new ArrayList<>();
        try (IdentityClient client = new IdentityClient(port.get())) {
            var admin = client.as(client.login(adminEmail, IdentityTestSupport.ADMIN_PASSWORD).getTokens().getAccessToken());
            for (int i = 0; i < 6; i++) {
                User user = client.register(uniqueEmail("outage"));
                userIds.add(user.getUserId());
                admin.suspendUser(dev.cohort.identity.v1.SuspendUserRequest.newBuilder()
                        .setUserId(user.getUserId()).setReason("outage test").build());
            }
        }
        assertThat(relay.pendingCount()).as("events wait in the outbox while Kafka is down").isGreaterThanOrEqualTo(12);
        assertThat(relay.lagSeconds()).isGreaterThan(0);

        try (InJvmKafka kafka = InJvmKafka.start(OptionalInt.of(KAFKA_PORT))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> relay.pendingCount() == 0);

            List<ConsumerRecord<String, byte[]>> records = TestEvents.readUntil(kafka.bootstrapServers(),
                    IdentityEvents.TOPIC, seen -> seen.stream().filter(r -> userIds.contains(r.key())).count() >= 12);

            var deserializer = new dev.cohort.events.serde.AvroDeserializer();
            deserializer.configure(java.util.Map.of("schema.registry.url", TestEvents.registryUrl()), false);
            for (String userId : userIds) {
                List<String> types = records.stream().filter(r -> userId.equals(r.key()))
                        .map(r -> deserializer.deserialize(IdentityEvents.TOPIC, r.value()).getClass().getSimpleName())
                        .distinct().toList();
                assertThat(types).as("events of user %s", userId).containsExactly("UserRegistered", "UserSuspended");
            }
            assertThat(relay.lagSeconds()).isZero();
        }
    }
}
