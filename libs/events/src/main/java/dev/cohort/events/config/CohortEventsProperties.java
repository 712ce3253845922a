package dev.cohort.events.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.events.*}: where Kafka and the schema registry are, and how the relay and consumers behave.
 * {@code autoRegisterSchemas} is on for local runs and tests; production turns it off and registers schemas in a
 * build step, so a service can never publish a schema nobody reviewed.
 */
@ConfigurationProperties("cohort.events")
public record CohortEventsProperties(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("http://localhost:8081") String schemaRegistryUrl,
        @DefaultValue("true") boolean autoRegisterSchemas,
        @DefaultValue Relay relay,
        @DefaultValue Consumer consumer) {

    /** The outbox relay. */
    public record Relay(@DefaultValue("true") boolean enabled,
                        @DefaultValue("200ms") Duration pollInterval,
                        @DefaultValue("500") int batchSize,
                        @DefaultValue("15s") Duration sendTimeout,
                        @DefaultValue("10s") Duration maxBackoff,
                        @DefaultValue("1") int workers) {
    }

    /** Event consumers. */
    public record Consumer(@DefaultValue("5") int maxAttempts,
                           @DefaultValue("200ms") Duration initialBackoff,
                           @DefaultValue("5s") Duration maxBackoff) {
    }
}
