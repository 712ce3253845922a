package dev.cohort.notification.events;

import dev.cohort.events.consumer.ProcessedEvents;
import java.util.UUID;

/** What every consumer of notification shares: each event applied once per consumer, in its own transaction. */
abstract class Consumers {

    private final ProcessedEvents processed;
    private final String name;

    Consumers(ProcessedEvents processed, String name) {
        this.processed = processed;
        this.name = name;
    }

    /** Runs {@code effect} (with the notifications it makes) unless this event was applied already. */
    final void once(Object eventId, Runnable effect) {
        processed.applyOnce(name, eventId.toString(), effect);
    }

    static UUID id(CharSequence value) {
        return UUID.fromString(value.toString());
    }

    static UUID idOrNull(CharSequence value) {
        return value == null ? null : UUID.fromString(value.toString());
    }
}
