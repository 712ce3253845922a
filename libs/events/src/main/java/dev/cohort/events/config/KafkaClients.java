package dev.cohort.events.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/** Client settings shared by the relay's producer and the consumers. */
public final class KafkaClients {

    static final String AVRO_DESERIALIZER = "dev.cohort.events.serde.AvroDeserializer";
    static final int LINGER_MS = 5;
    static final int MIN_SEND_TIMEOUT_MS = 1_000;

    private KafkaClients() {
    }

    /**
     * Idempotent producer, every replica acknowledges, order kept per partition even across retries. Values are
     * bytes already in the Confluent wire format (the relay frames the outbox's Avro payloads itself).
     */
    public static Map<String, Object> producer(CohortEventsProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        int sendTimeoutMs = (int) Math.max(MIN_SEND_TIMEOUT_MS, properties.relay().sendTimeout().toMillis());
        // Kafka insists on delivery.timeout >= linger + request.timeout; a request may take half the budget.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, sendTimeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(sendTimeoutMs / 2, 10_000));
        // While Kafka is down, send() must not block the relay for a minute waiting for metadata.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(sendTimeoutMs, 5_000));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Consumer of Avro events; a record that cannot be decoded reaches the error handler (and the DLQ). */
    public static Map<String, Object> consumer(CohortEventsProperties properties, String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
        config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, AVRO_DESERIALIZER);
        config.putAll(serde(properties));
        return config;
    }

    /** Where the Avro serde finds the schema registry, and whether it registers schemas on first use. */
    static Map<String, Object> serde(CohortEventsProperties properties) {
        return Map.of("schema.registry.url", properties.schemaRegistryUrl(),
                "auto.register.schemas", properties.autoRegisterSchemas());
    }
}
