package dev.cohort.events.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts dead-lettered events back on the topic they came from, once what made them fail has been fixed (a consumer
 * defect deployed, a missing reference created). Records are copied as they were parked: same key (so the same
 * partition, and per-key order with what follows), the same value bytes (Confluent wire format, or the original
 * bytes of a record that could not be decoded), the original headers (the event id among them) without the
 * dead-letter ones, plus {@value #REPLAYED_FROM_HEADER} naming where each came from. Consumers apply each event id
 * once, so replaying an event that was, after all, applied, or replaying twice, changes nothing.
 *
 * <p>A run reads the dead-letter topic from its start up to its end at the time of the call (records parked
 * meanwhile wait for the next run) and republishes those the selection accepts, in dead-letter order.
 *
 * <p>From a shell: {@code java -cp ... dev.cohort.events.consumer.DeadLetterReplay <bootstrap-servers> <topic>
 * [event-id ...]} (no event ids: every parked record of the topic).
 */
public final class DeadLetterReplay {

    /** Header naming the dead-letter record a replayed record was copied from ({@code <dlq>/<partition>@<offset>}). */
    public static final String REPLAYED_FROM_HEADER = "cohort-replayed-from";
    /** Header carrying the event id (written by the outbox relay). */
    public static final String EVENT_ID_HEADER = "cohort-event-id";
    /** Spring Kafka's dead-letter headers start with this; they describe the failure, not the event. */
    static final String SPRING_DLT_HEADER_PREFIX = "kafka_dlt-";

    private final String bootstrapServers;

    public DeadLetterReplay(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** One record put back: where it was parked, its key and event id (null when it carried none). */
    public record Replayed(int deadLetterPartition, long deadLetterOffset, String key, String eventId) {
    }

    /** Selects parked records by their event id header. */
    public static Predicate<ConsumerRecord<byte[], byte[]>> withEventIds(Set<String> eventIds) {
        return record -> {
            String eventId = eventIdOf(record);
            return eventId != null && eventIds.contains(eventId);
        };
    }

    /** Every parked record. */
    public static Predicate<ConsumerRecord<byte[], byte[]>> all() {
        return record -> true;
    }

    /** The record's event id header, or null. */
    public static String eventIdOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(EVENT_ID_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Republishes the records of {@code <topic>.dlq} that {@code selected} accepts to {@code topic}, and returns them
     * once Kafka acknowledged every one; fails if the dead-letter topic cannot be read to its end, or the copies
     * are not acknowledged, within {@code timeout}.
     */
    public List<Replayed> replay(String topic, Predicate<ConsumerRecord<byte[], byte[]>> selected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String deadLetterTopic = DeadLetterRouting.deadLetterTopicOf(topic);
        List<ConsumerRecord<byte[], byte[]>> parked = readToEnd(deadLetterTopic, deadline);
        List<Replayed> replayed = new ArrayList<>();
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> record : parked) {
                if (!selected.test(record)) {
                    continue;
                }
                acknowledgements.add(producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(),
                        headersToKeep(record))));
                replayed.add(new Replayed(record.partition(), record.offset(),
                        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                        eventIdOf(record)));
            }
            producer.flush();
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + deadLetterTopic, interrupted);
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException("Kafka did not acknowledge the replay of " + deadLetterTopic, failed);
        }
        return replayed;
    }

    private List<ConsumerRecord<byte[], byte[]>> readToEnd(String deadLetterTopic, long deadline) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic,
                            Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                return records; // nothing was ever parked
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + deadLetterTopic + " to its end in time");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    private static RecordHeaders headersToKeep(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(SPRING_DLT_HEADER_PREFIX)
                    && !header.key().equals(DeadLetterRouting.REASON_HEADER)
                    && !header.key().equals(REPLAYED_FROM_HEADER)) {
                headers.add(header);
            }
        }
        headers.add(new RecordHeader(REPLAYED_FROM_HEADER, (record.topic() + "/" + record.partition() + "@"
                + record.offset()).getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-replay-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** {@code DeadLetterReplay <bootstrap-servers> <topic> [event-id ...]}: prints what it put back. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: DeadLetterReplay <bootstrap-servers> <topic> [event-id ...]");
            System.exit(2);
        }
        Predicate<ConsumerRecord<byte[], byte[]>> selection = args.length == 2 ? all()
                : withEventIds(Set.of(java.util.Arrays.copyOfRange(args, 2, args.length)));
        List<Replayed> replayed = new DeadLetterReplay(args[0]).replay(args[1], selection, Duration.ofSeconds(60));
        replayed.forEach(record -> System.out.println("replayed " + record));
        System.out.println(replayed.size() + " record(s) put back on " + args[1]);
    }
}
