package dev.cohort.events.consumer;

import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.identity.UserRegistered;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;

/** A consumer as a service would write one: idempotent, with the platform's retries and dead-lettering. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableKafka
class ConsumerTestApplication {

    static final String CONSUMER = "directory";

    /** The consumers' meters (ConsumerMetrics) land here. */
    @Bean
    io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    }

    @Bean
    Directory directory(ProcessedEvents processed) {
        return new Directory(processed);
    }

    /** Applies UserRegistered events; a display name starting with "fail:N" fails its first N attempts. */
    static class Directory {
        final List<String> applied = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final ProcessedEvents processed;

        Directory(ProcessedEvents processed) {
            this.processed = processed;
        }

        @KafkaListener(topics = "${test.topic}", containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY)
        void on(ConsumerRecord<String, SpecificRecord> record) {
            UserRegistered event = (UserRegistered) record.value();
            String name = event.getDisplayName();
            int attempt = attempts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if (name.startsWith("fail:")) {
                int failures = Integer.parseInt(name.substring(5, name.indexOf(':', 5)));
                if (attempt <= failures) {
                    throw new IllegalStateException("cannot apply " + name + " yet (attempt " + attempt + ")");
                }
            }
            processed.applyOnce(CONSUMER, event.getMetadata().getEventId().toString(), () -> applied.add(name));
        }
    }
}
