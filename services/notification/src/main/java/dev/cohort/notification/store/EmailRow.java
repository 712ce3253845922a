package dev.cohort.notification.store;

import java.time.Instant;
import java.util.UUID;

/** An e-mail claimed for sending. */
public record EmailRow(long id, UUID userId, int attempts, Instant createdAt) {
}
