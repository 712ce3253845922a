package dev.cohort.moderation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The audit log's head as it was at {@code takenAt}, written where the log's database cannot reach it (ADR 0067):
 * whoever can rewrite the database cannot make the log end before {@code sequence}, nor give that entry another hash.
 */
public record AuditCheckpoint(long sequence, byte[] hash, Instant takenAt) {

    public AuditCheckpoint {
        if (sequence < 1) {
            throw new IllegalArgumentException("a checkpoint names an entry: sequence >= 1");
        }
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(takenAt, "takenAt");
    }
}
