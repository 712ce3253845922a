package dev.cohort.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.ports.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InJvmKafkaTest {

    @Test
    void theSharedBrokerCarriesRecordsAndIsStartedOnce() throws Exception {
        InJvmKafka kafka = InJvmKafka.shared();
        String topic = "test-" + UUID.randomUUID();

        assertThat(InJvmKafka.shared()).isSameAs(kafka);
        assertRoundTrip(kafka.bootstrapServers(), topic);
    }

    @Test
    void aBrokerCanBeReachedOnAFixedPort() throws Exception {
        int port = FreePorts.pick();
        try (InJvmKafka kafka = InJvmKafka.start(OptionalInt.of(port))) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertRoundTrip("127.0.0.1:" + port, "fixed-" + UUID.randomUUID());
        }
    }

    private static void assertRoundTrip(String servers, String topic) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    assertThat(records.iterator().next().value()).isEqualTo("hello");
                    return;
                }
            }
            throw new AssertionError("no record arrived within 30 s");
        }
    }
}
