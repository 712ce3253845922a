package dev.cohort.moderation.app;

import java.time.Instant;
import java.util.UUID;

/** The filters of a ListAuditEntries; null parts do not filter. */
public record AuditQuery(UUID actor, String subject, String kind, Instant from, Instant until) {
}
