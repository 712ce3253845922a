package dev.cohort.profile;

import dev.cohort.events.serde.AvroDeserializer;
import dev.cohort.events.serde.AvroSerializer;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Kafka and a schema registry for this test JVM, a producer standing in for other services, and a raw consumer
 * that collects what profile published.
 */
final class EventsTestSupport {

    private static ConfigurableApplicationContext registry;

    private EventsTestSupport() {
    }

    static String bootstrapServers() {
        return InJvmKafka.shared().bootstrapServers();
    }

    static synchronized String registryUrl() {
        if (registry == null) {
            TestDatabase database = TestPostgres.shared().createDatabase("profile_registry");
            registry = SchemaRegistryApplication.start(database.jdbcUrl(), database.username(), database.password(), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
        }
        return SchemaRegistryApplication.url(registry);
    }

    /** Publishes {@code event} as another service's relay would: Confluent wire format, registered schema. */
    static void publish(String topic, String key, SpecificRecord event) throws Exception {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", registryUrl()), false);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers()),
                new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(topic, key, event)).get();
        }
    }

    /** Reads {@code topic} from the start, decoded, until {@code enough} holds, or fails after 60 s. */
    static List<ConsumerRecord<String, SpecificRecord>> readUntil(String topic,
            Predicate<List<ConsumerRecord<String, SpecificRecord>>> enough) {
        AvroDeserializer values = new AvroDeserializer();
        values.configure(Map.of("schema.registry.url", registryUrl()), false);
        List<ConsumerRecord<String, SpecificRecord>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values)) {
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
