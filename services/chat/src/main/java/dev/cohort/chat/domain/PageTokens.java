package dev.cohort.chat.domain;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque page tokens. Messages page by sequence (stable while new messages arrive: they only get higher
 * sequences); conversations page by (last activity, id). Each token starts with a kind byte, so a token of one
 * list is refused by another instead of being misread.
 */
public final class PageTokens {

    private static final byte SEQUENCE = 1;
    private static final byte ACTIVITY = 2;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private PageTokens() {
    }

    /** A position in conversations ordered by last activity, newest first. */
    public record Activity(Instant at, UUID id) {
    }

    public static String sequence(long sequence) {
        return ENCODER.encodeToString(ByteBuffer.allocate(1 + Long.BYTES).put(SEQUENCE).putLong(sequence).array());
    }

    /** The sequence a token stands for; {@code ifEmpty} for the empty token (first page). */
    public static long sequence(String token, long ifEmpty) {
        if (token == null || token.isEmpty()) {
            return ifEmpty;
        }
        ByteBuffer bytes = decode(token, SEQUENCE, 1 + Long.BYTES);
        return bytes.getLong();
    }

    public static String activity(Activity position) {
        ByteBuffer bytes = ByteBuffer.allocate(1 + Long.BYTES * 4).put(ACTIVITY);
        bytes.putLong(position.at().getEpochSecond()).putLong(position.at().getNano());
        bytes.putLong(position.id().getMostSignificantBits()).putLong(position.id().getLeastSignificantBits());
        return ENCODER.encodeToString(bytes.array());
    }

    /** The position a token stands for; null for the empty token (first page). */
    public static Activity activity(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        ByteBuffer bytes = decode(token, ACTIVITY, 1 + Long.BYTES * 4);
        try {
            Instant at = Instant.ofEpochSecond(bytes.getLong(), bytes.getLong());
            return new Activity(at, new UUID(bytes.getLong(), bytes.getLong()));
        } catch (java.time.DateTimeException malformed) {
            throw invalid();
        }
    }

    private static ByteBuffer decode(String token, byte kind, int length) {
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException malformed) {
            throw invalid();
        }
        if (raw.length != length || raw[0] != kind) {
            throw invalid();
        }
        return ByteBuffer.wrap(raw, 1, length - 1);
    }

    private static InvalidArgumentException invalid() {
        return InvalidArgumentException.of("INVALID_PAGE_TOKEN", "page_token",
                "not a page token of this list; pass next_page_token of the previous page unchanged");
    }

    /** Page size as the contract defines it: {@code ifZero} when 0, else the requested size. */
    public static int pageSize(int requested, int ifZero) {
        return requested == 0 ? ifZero : requested;
    }
}
