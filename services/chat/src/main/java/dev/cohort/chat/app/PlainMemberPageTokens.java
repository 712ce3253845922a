package dev.cohort.chat.app;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * Member page tokens as plain bytes: a kind byte, the conversation id and the join order to continue after,
 * base64url. Not authenticated: a client may forge one, but it only moves within a member list it may read, and
 * a token of another conversation or list is refused. To be replaced by the platform's authenticated codec.
 */
public final class PlainMemberPageTokens implements MemberPageTokens {

    private static final byte MEMBERS = 3;
    private static final int LENGTH = 1 + Long.BYTES * 3;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    @Override
    public String encode(UUID callerId, UUID conversationId, long afterJoinOrder) {
        return ENCODER.encodeToString(ByteBuffer.allocate(LENGTH).put(MEMBERS)
                .putLong(conversationId.getMostSignificantBits()).putLong(conversationId.getLeastSignificantBits())
                .putLong(afterJoinOrder).array());
    }

    @Override
    public long decode(UUID callerId, UUID conversationId, String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException malformed) {
            throw invalid();
        }
        if (raw.length != LENGTH || raw[0] != MEMBERS) {
            throw invalid();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw, 1, LENGTH - 1);
        if (!new UUID(bytes.getLong(), bytes.getLong()).equals(conversationId)) {
            throw invalid();
        }
        long after = bytes.getLong();
        if (after < 0) {
            throw invalid();
        }
        return after;
    }

    private static InvalidArgumentException invalid() {
        return InvalidArgumentException.of("INVALID_PAGE_TOKEN", "page_token",
                "not a page token of this list; pass next_page_token of the previous page unchanged");
    }
}
