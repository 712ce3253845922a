package dev.cohort.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.ports.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's Kafka keeps its log in its directory: what it acknowledged is there after a restart. */
class PersistentKafkaTest {

    private static final String TOPIC = "kept";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final String GROUP = "readers";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void topicsRecordsAndCommittedOffsetsSurviveARestart() throws Exception {
        String clusterId;
        try (PersistentKafka kafka = PersistentKafka.start(directory, FreePorts.pick())) {
            clusterId = kafka.clusterId();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
            }
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "event-" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            // The group has handled the first four of the ten and commits there, as a consumer stopped partway would.
            try (var consumer = consumer(kafka, "earliest")) {
                consumer.assign(List.of(PARTITION));
                List<String> read = poll(consumer, 4);
                assertThat(read.subList(0, 4)).containsExactly("event-0", "event-1", "event-2", "event-3");
                consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(4)));
            }
        }

        try (PersistentKafka again = PersistentKafka.start(directory, FreePorts.pick())) {
            assertThat(again.clusterId()).isEqualTo(clusterId);
            try (Admin admin = admin(again)) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
                assertThat(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS)).containsEntry(PARTITION, new OffsetAndMetadata(4));
                // Kept until the directory is deleted, not for Kafka's default 7 days.
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
                assertThat(admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                        .get("retention.ms").value()).isEqualTo("-1");
            }
            // No reset policy: the group goes on from its committed offset, or fails when it has none.
            try (var consumer = consumer(again, "none")) {
                consumer.assign(List.of(PARTITION));
                assertThat(poll(consumer, 6)).containsExactly("event-4", "event-5", "event-6", "event-7", "event-8",
                        "event-9");
            }
            assertThat(TopicReader.readUntil(again.bootstrapServers(), TOPIC, records -> records.size() >= 10, PATIENCE)
                    .stream().map(record -> record.key()).toList())
                    .containsExactly("key-0", "key-1", "key-2", "key-3", "key-4", "key-5", "key-6", "key-7", "key-8",
                            "key-9");
        }
    }

    @Test
    void aDirectoryIsFormattedOnceAndReusedAfterwards() throws Exception {
        assertThat(PersistentKafka.isFormatted(directory)).isFalse();
        String clusterId;
        try (PersistentKafka kafka = PersistentKafka.start(directory, FreePorts.pick())) {
            clusterId = kafka.clusterId();
        }
        Path metaProperties = directory.resolve("meta.properties");
        Path bootstrapMetadata = directory.resolve("bootstrap.checkpoint");
        assertThat(PersistentKafka.isFormatted(directory)).isTrue();
        assertThat(Files.readString(metaProperties)).contains("cluster.id=" + clusterId)
                .contains("node.id=" + PersistentKafka.NODE_ID);
        byte[] formattedMetaProperties = Files.readAllBytes(metaProperties);
        byte[] formattedBootstrapMetadata = Files.readAllBytes(bootstrapMetadata);
        FileTime formattedAt = Files.getLastModifiedTime(bootstrapMetadata);

        try (PersistentKafka again = PersistentKafka.start(directory, FreePorts.pick())) {
            assertThat(again.clusterId()).isEqualTo(clusterId);
        }
        assertThat(Files.readAllBytes(metaProperties)).isEqualTo(formattedMetaProperties);
        assertThat(Files.readAllBytes(bootstrapMetadata)).isEqualTo(formattedBootstrapMetadata);
        assertThat(Files.getLastModifiedTime(bootstrapMetadata)).isEqualTo(formattedAt);
    }

    @Test
    void logsWithoutMetaPropertiesAreNotFormattedOver() throws Exception {
        Files.createDirectories(directory.resolve("cohort.identity.users-0"));

        assertThatThrownBy(() -> PersistentKafka.start(directory, FreePorts.pick()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds Kafka logs but no meta.properties");
        assertThat(PersistentKafka.isFormatted(directory)).isFalse();
    }

    private static Admin admin(PersistentKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static KafkaConsumer<String, String> consumer(PersistentKafka kafka, String offsetReset) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    /** The values of at least {@code count} records, polled until they arrived; fails after 30 s. */
    private static List<String> poll(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        assertThat(values).as("records polled within %s", PATIENCE).hasSizeGreaterThanOrEqualTo(count);
        return values;
    }
}
