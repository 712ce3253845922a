package dev.cohort.moderation.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The hash chain of the audit log (ADR 0056): each entry's hash is SHA-256 over its sequence, its content, when it
 * was recorded and the previous entry's hash, in a canonical encoding (every part length-prefixed, so that no two
 * different entries spell the same bytes). Changing any stored field of an entry changes its hash; removing one
 * leaves a gap in the sequence and a previous hash that no longer matches.
 */
public final class AuditChain {

    /** The "previous hash" of the first entry. */
    public static final byte[] GENESIS = new byte[32];

    private static final byte[] DOMAIN = "cohort.audit-entry.v1".getBytes(StandardCharsets.UTF_8);

    private AuditChain() {
    }

    /** Instants as the database keeps them (microseconds), so a hash computed before storing matches after. */
    public static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The entry at {@code sequence} holding {@code record}, chained after {@code previousHash}. */
    public static ChainedEntry chain(long sequence, AuditRecord record, Instant recordedAt, byte[] previousHash) {
        AuditRecord stored = new AuditRecord(record.kind(), record.actor(), record.subject(),
                storable(record.occurredAt()), record.eventId(), record.details());
        Instant recorded = storable(recordedAt);
        return new ChainedEntry(sequence, stored, recorded, previousHash.clone(),
                hash(sequence, stored, recorded, previousHash));
    }

    /** The hash an entry with these contents must have. */
    public static byte[] hash(long sequence, AuditRecord record, Instant recordedAt, byte[] previousHash) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
        sha256.update(DOMAIN);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        part(sha256, record.kind());
        part(sha256, record.actor() == null ? null : record.actor().toString());
        part(sha256, record.subject());
        part(sha256, record.occurredAt().toString());
        part(sha256, recordedAt.toString());
        part(sha256, record.eventId().toString());
        part(sha256, record.details());
        sha256.update(previousHash);
        return sha256.digest();
    }

    private static void part(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
