package dev.cohort.moderation.store;

import java.time.Instant;
import java.util.UUID;

/** Which audit entries to list; a null part does not filter. {@code until} is exclusive. */
public record AuditFilter(UUID actor, String subject, String kind, Instant from, Instant until) {
}
