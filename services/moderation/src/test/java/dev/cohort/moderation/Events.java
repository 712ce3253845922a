package dev.cohort.moderation;

import dev.cohort.events.common.EventMetadata;
import dev.cohort.eventtestkit.TestEvents;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** Events as their producers publish them: real Avro through the test registry and the in-JVM broker. */
final class Events {

    private Events() {
    }

    static void publish(String topic, String key, SpecificRecord event) {
        try {
            TestEvents.publish(topic, key, event);
        } catch (Exception failed) {
            throw new IllegalStateException("could not publish to " + topic, failed);
        }
    }

    static EventMetadata metadata(Object aggregate, String producer) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setAggregateId(aggregate.toString()).setProducer(producer).setTraceparent(null).build();
    }
}
