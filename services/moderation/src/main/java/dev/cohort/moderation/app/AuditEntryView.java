package dev.cohort.moderation.app;

import java.time.Instant;
import java.util.UUID;

/** An audit entry as callers see it; hashes in hex. */
public record AuditEntryView(long sequence, String kind, UUID actor, String subject, Instant occurredAt,
                             Instant recordedAt, UUID eventId, String details, String hash) {
}
