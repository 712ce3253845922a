package dev.cohort.events.outbox;

import dev.cohort.events.common.EventMetadata;
import dev.cohort.grpc.common.ids.TimeOrderedUuids;
import dev.cohort.telemetry.Traceparents;
import java.time.Clock;

/** Builds the metadata every event carries: a new event id, when, which aggregate, who, and the current trace. */
public final class EventEnvelope {

    private final String producer;
    private final Clock clock;

    public EventEnvelope(String producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    public EventMetadata forAggregate(String aggregateId) {
        return EventMetadata.newBuilder()
                // Time-ordered: the outbox's unique index on event ids grows at one end under a high insert rate.
                .setEventId(TimeOrderedUuids.next())
                .setOccurredAt(clock.instant())
                .setAggregateId(aggregateId)
                .setProducer(producer)
                .setTraceparent(Traceparents.current().orElse(null))
                .build();
    }
}
