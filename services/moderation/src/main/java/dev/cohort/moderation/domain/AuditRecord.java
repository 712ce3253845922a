package dev.cohort.moderation.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What one audit entry says, before it takes its place in the chain.
 *
 * @param kind       the event's type ({@code chat.MessageDeleted}) or the moderation action
 * @param actor      who did it; null when the platform did or the event names no one
 * @param subject    what it was done to: the event's aggregate id, or the report
 * @param occurredAt when it happened
 * @param eventId    the id of the event recorded
 * @param details    the event's content as JSON
 */
public record AuditRecord(String kind, UUID actor, String subject, Instant occurredAt, UUID eventId, String details) {

    public AuditRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(details, "details");
    }
}
