package dev.cohort.identity;

import dev.cohort.kafka.broker.TopicReader;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ConfigurableApplicationContext;

/** A schema registry for this test JVM, and a raw consumer that collects what reached a topic. */
final class EventsTestSupport {

    private static ConfigurableApplicationContext registry;

    private EventsTestSupport() {
    }

    static synchronized String registryUrl() {
        if (registry == null) {
            TestDatabase database = TestPostgres.shared().createDatabase("identity_registry");
            registry = SchemaRegistryApplication.start(database.jdbcUrl(), database.username(), database.password(), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
        }
        return SchemaRegistryApplication.url(registry);
    }

    /** Reads {@code topic} from the start until {@code enough} holds for what was read, or fails after 60 s. */
    static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrapServers, String topic,
                                                          Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        return TopicReader.readUntil(bootstrapServers, topic, enough, Duration.ofSeconds(60));
    }
}
