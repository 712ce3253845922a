package dev.cohort.paging;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The page tokens of every list: opaque to clients, and accepted only when this platform issued them for the same
 * query and caller, not long ago.
 *
 * <p>A token is URL-safe base64 (no padding) of {@code version (1 byte) | expiry (epoch seconds, 8 bytes) | cursor
 * | HMAC-SHA256 (32 bytes)}. The MAC covers the version, the expiry, the cursor and the digest of the
 * {@link PageQuery} (list, caller, filters), which the token does not carry: the server recomputes it from the
 * request, so a token used with another query, by another caller or for another list fails the MAC exactly like
 * an altered one. Anything that is not such a token (empty aside, which means the first page) is answered with
 * INVALID_ARGUMENT, reason {@value #INVALID_PAGE_TOKEN}, on field {@code page_token}.
 */
public final class PageTokenCodec {

    public static final String INVALID_PAGE_TOKEN = "INVALID_PAGE_TOKEN";
    /** The format written now; a new layout gets a new version so old tokens are refused, not misread. */
    static final byte VERSION = 1;
    /** No token this codec issues is longer; longer input is refused before any decoding work. */
    static final int MAX_TOKEN_CHARS = 512;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final int HEADER_BYTES = 1 + Long.BYTES;
    private static final byte[] DOMAIN = "cohort.page-token".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;

    /**
     * @param key      the HMAC key, at least 32 bytes (see {@link PageTokenKey})
     * @param clock    tells when a token expires
     * @param lifetime how long a token stays valid after it is issued
     */
    public PageTokenCodec(PageTokenKey key, Clock clock, Duration lifetime) {
        this.key = new SecretKeySpec(key.bytes(), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a page token's lifetime must be positive, not " + lifetime);
        }
        this.lifetime = lifetime;
    }

    /** The token for the page after {@code cursor} in {@code query}. */
    public <T> String encode(PageQuery query, CursorFormat<T> format, T cursor) {
        CursorBytes.Writer writer = new CursorBytes.Writer();
        format.write(cursor, writer);
        byte[] payload = writer.toByteArray();
        long expiry = clock.instant().plus(lifetime).getEpochSecond();
        ByteBuffer token = ByteBuffer.allocate(HEADER_BYTES + payload.length + MAC_BYTES);
        token.put(VERSION).putLong(expiry).put(payload);
        token.put(mac(query, VERSION, expiry, payload));
        String text = ENCODER.encodeToString(token.array());
        if (text.length() > MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("cursor too long for a page token: " + text.length() + " characters");
        }
        return text;
    }

    /**
     * The cursor in {@code token}, which must have been issued by {@link #encode} for this {@code query} and not
     * have expired; empty for an empty token (the first page).
     *
     * @throws InvalidArgumentException reason {@value #INVALID_PAGE_TOKEN} for any other token
     */
    public <T> Optional<T> decode(PageQuery query, CursorFormat<T> format, String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalid();
        }
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        if (raw.length < HEADER_BYTES + MAC_BYTES || raw[0] != VERSION) {
            throw invalid();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        byte version = bytes.get();
        long expiry = bytes.getLong();
        byte[] payload = Arrays.copyOfRange(raw, HEADER_BYTES, raw.length - MAC_BYTES);
        byte[] presented = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
        if (!MessageDigest.isEqual(presented, mac(query, version, expiry, payload))) {
            throw invalid();
        }
        if (clock.instant().getEpochSecond() >= expiry) {
            throw invalid();
        }
        return Optional.of(read(format, payload));
    }

    /** The error for a token this codec did not issue (or no longer accepts). */
    public static InvalidArgumentException invalid() {
        return InvalidArgumentException.of(INVALID_PAGE_TOKEN, "page_token",
                "not a page token of this list, this query and this caller, or expired: pass next_page_token "
                        + "back unchanged with the same parameters, or start again with an empty page_token");
    }

    private static <T> T read(CursorFormat<T> format, byte[] payload) {
        // The MAC proves this codec wrote these bytes; a format change without a new version must still not
        // turn into INTERNAL, hence the guard.
        CursorBytes.Reader reader = new CursorBytes.Reader(payload);
        T cursor;
        try {
            cursor = format.read(reader);
        } catch (RuntimeException unreadable) {
            throw invalid();
        }
        if (cursor == null || !reader.fullyRead()) {
            throw invalid();
        }
        return cursor;
    }

    private byte[] mac(PageQuery query, byte version, long expiry, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(DOMAIN);
            mac.update(version);
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(expiry).array());
            mac.update(query.digest());
            mac.update(payload);
            return mac.doFinal();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, impossible);
        }
    }
}
