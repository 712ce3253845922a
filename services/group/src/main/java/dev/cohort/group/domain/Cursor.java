package dev.cohort.group.domain;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A position in a list ordered by (time, id): the last item of a page. Encoded as an opaque, URL-safe token so
 * clients never build or parse one, and lists stay stable while rows are added (keyset paging, no offsets).
 */
public record Cursor(Instant after, UUID afterId) {

    private static final int LENGTH = Long.BYTES * 2 + Long.BYTES * 2;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The token of this position. */
    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
        bytes.putLong(after.getEpochSecond()).putLong(after.getNano());
        bytes.putLong(afterId.getMostSignificantBits()).putLong(afterId.getLeastSignificantBits());
        return ENCODER.encodeToString(bytes.array());
    }

    /** The position a token stands for; null for the empty token (first page). */
    public static Cursor decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            byte[] raw = DECODER.decode(token);
            if (raw.length != LENGTH) {
                throw invalid();
            }
            ByteBuffer bytes = ByteBuffer.wrap(raw);
            Instant after = Instant.ofEpochSecond(bytes.getLong(), bytes.getLong());
            return new Cursor(after, new UUID(bytes.getLong(), bytes.getLong()));
        } catch (IllegalArgumentException | java.time.DateTimeException malformed) {
            throw invalid();
        }
    }

    private static InvalidArgumentException invalid() {
        return InvalidArgumentException.of("INVALID_PAGE_TOKEN", "page_token",
                "not a token this list returned; start again with an empty page_token");
    }
}
