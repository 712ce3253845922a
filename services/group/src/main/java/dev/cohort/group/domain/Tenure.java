package dev.cohort.group.domain;

import java.time.Instant;
import java.util.UUID;

/** A member and since when they have been one. */
public record Tenure(UUID userId, Instant joinedAt) {
}
