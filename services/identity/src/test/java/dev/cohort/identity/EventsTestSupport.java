package dev.cohort.identity;

import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
                if (enough.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("only " + seen.size() + " records arrived on " + topic + " within 60 s");
    }
}
