package dev.cohort.eventtestkit;

import dev.cohort.events.serde.AvroDeserializer;
import dev.cohort.events.serde.AvroSerializer;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.kafka.broker.TopicReader;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Events in a service's tests: the JVM's shared in-JVM Kafka broker, one schema registry per test JVM (started on
 * first use on its own database, stopped when the JVM exits), a producer standing in for other services, and a
 * reader of what reached a topic.
 */
public final class TestEvents {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static ConfigurableApplicationContext registry;

    private TestEvents() {
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

    /** Publishes {@code event} as another service's relay would: Confluent wire format, schema registered. */
    public static void publish(String topic, String key, SpecificRecord event) throws Exception {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", registryUrl()), false);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers()),
                new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(topic, key, event)).get();
        }
    }

    /** Reads {@code topic} of the shared broker from its start, as raw bytes, until {@code enough} holds (60 s). */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        return readUntil(bootstrapServers(), topic, enough);
    }

    /** As {@link #readUntil(String, Predicate)} on another broker. */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrapServers, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        return TopicReader.readUntil(bootstrapServers, topic, enough, READ_TIMEOUT);
    }

    /** Reads {@code topic} of the shared broker from its start, decoded, until {@code enough} holds (60 s). */
    public static List<ConsumerRecord<String, SpecificRecord>> readDecodedUntil(String topic,
            Predicate<List<ConsumerRecord<String, SpecificRecord>>> enough) {
        AvroDeserializer values = new AvroDeserializer();
        values.configure(Map.of("schema.registry.url", registryUrl()), false);
        Predicate<List<ConsumerRecord<String, byte[]>>> decodedEnough = raw -> enough.test(decode(topic, raw, values));
        return decode(topic, readUntil(topic, decodedEnough), values);
    }

    private static List<ConsumerRecord<String, SpecificRecord>> decode(String topic,
            List<ConsumerRecord<String, byte[]>> raw, AvroDeserializer values) {
        return raw.stream().map(record -> new ConsumerRecord<>(topic, record.partition(), record.offset(), record.key(),
                (SpecificRecord) values.deserialize(topic, record.value()))).toList();
    }
}
