package dev.cohort.events.consumer;

import static dev.cohort.events.EventsTestInfrastructure.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.events.EventsTestInfrastructure;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.serde.AvroSerializer;
import dev.cohort.testkit.CohortTestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = ConsumerTestApplication.class, properties = {
        "spring.application.name=events-consumer-test",
        "spring.main.web-application-type=none",
        "cohort.events.relay.enabled=false",
        "cohort.events.consumer.max-attempts=3",
        "cohort.events.consumer.initial-backoff=50ms",
        "cohort.events.consumer.max-backoff=200ms"})
class ConsumerRetryAndDeadLetterTest {

    static final String TOPIC = "test.consumer." + UUID.randomUUID();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        CohortTestInfrastructure.register(registry, ConsumerRetryAndDeadLetterTest.class);
        registry.add("test.topic", () -> TOPIC);
        registry.add("cohort.events.bootstrap-servers", EventsTestInfrastructure::bootstrapServers);
        registry.add("cohort.events.schema-registry-url", EventsTestInfrastructure::registryUrl);
    }

    @Autowired
    ConsumerTestApplication.Directory directory;
    @Autowired
    ProcessedEvents processed;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    void publish(String key, SpecificRecord event) throws Exception {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", EventsTestInfrastructure.registryUrl()), false);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                EventsTestInfrastructure.bootstrapServers()), new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(TOPIC, key, event)).get();
        }
    }

    void publishRaw(String key, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                EventsTestInfrastructure.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        }
    }

    @Test
    void appliesARedeliveredEventOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        UserRegistered event = event(key, "twice-" + key);

        publish(key, event);
        publish(key, event);
        String marker = "after-" + key;
        publish(key, event(key, marker));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> directory.applied.contains(marker));
        assertThat(directory.applied.stream().filter(("twice-" + key)::equals)).hasSize(1);
        assertThat(processed.isApplied(ConsumerTestApplication.CONSUMER, event.getMetadata().getEventId().toString())).isTrue();
    }

    @Test
    void retriesInPlaceSoLaterEventsOfTheKeyWaitForAnEarlierOne() throws Exception {
        String key = UUID.randomUUID().toString();
        String first = "fail:2:" + key;
        String second = "next-" + key;

        publish(key, event(key, first));
        publish(key, event(key, second));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> directory.applied.contains(second));
        assertThat(directory.applied.indexOf(first)).isLessThan(directory.applied.indexOf(second)).isNotNegative();
        assertThat(directory.attempts.get(first).get()).isEqualTo(3);
    }

    @Test
    void anEventThatKeepsFailingIsParkedInTheDeadLetterTopicAndItsKeyMovesOn() throws Exception {
        String key = UUID.randomUUID().toString();
        String hopeless = "fail:99:" + key;
        String after = "after-hopeless-" + key;

        publish(key, event(key, hopeless));
        publish(key, event(key, after));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> directory.applied.contains(after));
        assertThat(directory.applied).doesNotContain(hopeless);
        assertThat(directory.attempts.get(hopeless).get()).isEqualTo(3);
        ConsumerRecord<String, byte[]> parked = deadLetterFor(key);
        assertThat(header(parked, "kafka_dlt-exception-message")).contains("cannot apply " + hopeless);
        assertThat(header(parked, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
        assertThat(header(parked, DeadLetterRouting.REASON_HEADER)).contains("cannot apply " + hopeless);
        // Counted per topic and group, and the consumer's own lag is bound with its group (ConsumerMetrics).
        assertThat(meters.get(ConsumerMetrics.DEAD_LETTERS).tag("topic", TOPIC).tag("group", "events-consumer-test")
                .counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("kafka.consumer.fetch.manager.records.lag.max").tag("group", "events-consumer-test")
                .gauges()).isNotEmpty();
    }

    @Test
    void aPoisonRecordIsParkedAtOnceWithItsErrorAndOtherKeysKeepFlowing() throws Exception {
        String poisonKey = UUID.randomUUID().toString();
        String healthyKey = UUID.randomUUID().toString();
        byte[] poison = "not avro at all".getBytes(StandardCharsets.UTF_8);

        publishRaw(poisonKey, poison);
        publish(healthyKey, event(healthyKey, "healthy-" + healthyKey));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> directory.applied.contains("healthy-" + healthyKey));
        ConsumerRecord<String, byte[]> parked = deadLetterFor(poisonKey);
        assertThat(parked.value()).isEqualTo(poison);
        assertThat(header(parked, DeadLetterRouting.REASON_HEADER)).contains("PoisonRecordException").containsIgnoringCase("magic");
    }

    @Test
    void aParkedEventIsAppliedOnceWhenReplayedFromTheDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        // Fails every attempt of its first delivery (3), as if the consumer had a defect; applies from then on.
        String recovers = "fail:3:" + key;
        UserRegistered parkedEvent = event(key, recovers);
        String eventId = parkedEvent.getMetadata().getEventId().toString();
        publishWithEventId(key, parkedEvent);
        deadLetterFor(key);
        assertThat(directory.applied).doesNotContain(recovers);

        DeadLetterReplay replay = new DeadLetterReplay(EventsTestInfrastructure.bootstrapServers());
        List<DeadLetterReplay.Replayed> first = replay.replay(TOPIC, DeadLetterReplay.withEventIds(Set.of(eventId)),
                Duration.ofSeconds(30));

        assertThat(first).extracting(DeadLetterReplay.Replayed::eventId).containsExactly(eventId);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> directory.applied.contains(recovers));
        // Replayed again (an operator ran it twice): delivered, recognised by its event id, not applied again.
        replay.replay(TOPIC, DeadLetterReplay.withEventIds(Set.of(eventId)), Duration.ofSeconds(30));
        String marker = "after-replays-" + key;
        publish(key, event(key, marker));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> directory.applied.contains(marker));
        assertThat(directory.attempts.get(recovers).get()).isEqualTo(5);
        assertThat(directory.applied.stream().filter(recovers::equals)).hasSize(1);
        assertThat(processed.isApplied(ConsumerTestApplication.CONSUMER, eventId)).isTrue();
    }

    /** As the outbox relay publishes: the event id also in a header. */
    void publishWithEventId(String key, UserRegistered event) throws Exception {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", EventsTestInfrastructure.registryUrl()), false);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                EventsTestInfrastructure.bootstrapServers()), new StringSerializer(), values)) {
            ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(TOPIC, key, event);
            record.headers().add(DeadLetterReplay.EVENT_ID_HEADER,
                    event.getMetadata().getEventId().toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    private static ConsumerRecord<String, byte[]> deadLetterFor(String key) {
        List<ConsumerRecord<String, byte[]>> records = EventsTestInfrastructure.readUntil(
                DeadLetterRouting.deadLetterTopicOf(TOPIC), seen -> seen.stream().anyMatch(r -> key.equals(r.key())));
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
