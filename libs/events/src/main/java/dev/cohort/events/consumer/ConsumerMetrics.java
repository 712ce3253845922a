package dev.cohort.events.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * What a service's consumers report, tagged with their consumer group (the application's name):
 * <ul>
 *   <li>the Kafka consumer's own metrics through Micrometer's Kafka binder (spring-kafka's
 *       {@link MicrometerConsumerListener}), among them the lag per topic and partition
 *       ({@code kafka_consumer_fetch_manager_records_lag}) and its maximum
 *       ({@code kafka_consumer_fetch_manager_records_lag_max});</li>
 *   <li>{@code cohort_events_dead_letters_total} per topic: events parked in {@code <topic>.dlq}.</li>
 * </ul>
 * Without a registry nothing is bound.
 */
public final class ConsumerMetrics {

    static final String DEAD_LETTERS = "cohort.events.dead.letters";

    private final MeterRegistry registry;
    private final String group;

    public ConsumerMetrics(MeterRegistry registry, String group) {
        this.registry = registry;
        this.group = group;
    }

    public <K, V> void bindClientMetrics(DefaultKafkaConsumerFactory<K, V> consumers) {
        if (registry != null) {
            consumers.addListener(new MicrometerConsumerListener<>(registry, List.of(Tag.of("group", group))));
        }
    }

    /** A record of {@code record.topic()} was parked in its dead-letter topic. */
    public void deadLettered(ConsumerRecord<?, ?> record) {
        if (registry != null) {
            Counter.builder(DEAD_LETTERS)
                    .description("Events parked in their topic's dead-letter topic after the last attempt")
                    .tags("topic", record.topic(), "group", group)
                    .register(registry)
                    .increment();
        }
    }
}
