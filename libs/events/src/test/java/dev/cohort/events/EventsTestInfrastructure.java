package dev.cohort.events;

import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ConfigurableApplicationContext;

/** Real servers for the events tests: PostgreSQL, the in-JVM broker and a schema registry, once per JVM. */
public final class EventsTestInfrastructure {

    private static ConfigurableApplicationContext registry;

    private EventsTestInfrastructure() {
    }

    public static String bootstrapServers() {
        return InJvmKafka.shared().bootstrapServers();
    }

    public static synchronized String registryUrl() {
        if (registry == null) {
            TestDatabase database = TestPostgres.shared().createDatabase("events_registry");
            registry = SchemaRegistryApplication.start(database.jdbcUrl(), database.username(), database.password(), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
        }
        return SchemaRegistryApplication.url(registry);
    }

    /** A UserRegistered event for {@code userId}, with a fresh event id; {@code label} goes into display_name. */
    public static UserRegistered event(String userId, String label) {
        return UserRegistered.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.now()).setAggregateId(userId).setProducer("events-test").build())
                .setUserId(userId).setEmail(userId + "@example.org").setDisplayName(label).setRoles(List.of("ROLE_STUDENT"))
                .build();
    }

    /** Everything on {@code topic} from the start, once {@code enough} holds (fails after 60 s). */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String topic,
                                                                 Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        return dev.cohort.kafka.broker.TopicReader.readUntil(bootstrapServers(), topic, enough, Duration.ofSeconds(60));
    }
}
