package dev.cohort.events.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClientsTest {

    @ParameterizedTest
    @ValueSource(longs = {100, 1_000, 3_000, 15_000, 120_000})
    void producerTimeoutsSatisfyKafkasInvariantForAnySendTimeout(long sendTimeoutMs) {
        var relay = new CohortEventsProperties.Relay(true, Duration.ofMillis(200), 500, Duration.ofMillis(sendTimeoutMs),
                Duration.ofSeconds(10), 1);
        Map<String, Object> config = KafkaClients.producer(new CohortEventsProperties("localhost:9092",
                "http://localhost:8081", true, relay, new CohortEventsProperties.Consumer(5, Duration.ofMillis(200),
                Duration.ofSeconds(5))));

        int delivery = (int) config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        int linger = (int) config.get(ProducerConfig.LINGER_MS_CONFIG);
        int request = (int) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);

        assertThat(delivery).isGreaterThanOrEqualTo(linger + request);
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }
}
