package dev.cohort.moderation.domain;

import java.time.Instant;

/** An audit entry as stored: its place, its content, when it was recorded, and the two hashes that chain it. */
public record ChainedEntry(long sequence, AuditRecord record, Instant recordedAt, byte[] previousHash, byte[] hash) {
}
