package dev.cohort.moderation.store;

import dev.cohort.moderation.domain.AuditCheckpoint;
import dev.cohort.objectstore.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checkpoints of the audit log in the object store, outside moderation's database (ADR 0067): one small text object
 * per checkpoint, never overwritten. Keys count down ({@code Long.MAX_VALUE - sequence}, zero-padded), so the
 * store's ordinary listing order puts the newest first and finding it takes one request.
 */
public final class AuditCheckpoints {

    static final String PREFIX = "audit-checkpoints/";
    private static final long MAX_BYTES = 1024;

    private final ObjectStore store;

    public AuditCheckpoints(ObjectStore store) {
        this.store = store;
    }

    /** Writes {@code checkpoint} unless one of its entry exists already (that one is kept). Returns whether written. */
    public boolean write(AuditCheckpoint checkpoint) {
        String key = key(checkpoint.sequence());
        if (store.head(key).isPresent()) {
            return false;
        }
        String body = "sequence=" + checkpoint.sequence() + "\nhash=" + HexFormat.of().formatHex(checkpoint.hash())
                + "\ntime=" + checkpoint.takenAt() + "\n";
        // A plain media type: a parameter (charset) is rewritten by some S3 servers after signing, failing the PUT.
        store.put(key, body.getBytes(StandardCharsets.UTF_8), "text/plain");
        return true;
    }

    /** The checkpoint of the highest sequence, or empty before the first. */
    public Optional<AuditCheckpoint> newest() {
        return store.firstKey(PREFIX)
                .flatMap(key -> store.get(key, MAX_BYTES))
                .map(AuditCheckpoints::parse);
    }

    static String key(long sequence) {
        return PREFIX + String.format("%019d", Long.MAX_VALUE - sequence);
    }

    private static AuditCheckpoint parse(byte[] bytes) {
        Map<String, String> fields = new String(bytes, StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1), (first, second) -> first));
        return new AuditCheckpoint(Long.parseLong(fields.get("sequence")), HexFormat.of().parseHex(fields.get("hash")),
                Instant.parse(fields.get("time")));
    }
}
