package dev.cohort.chat.live;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cohort.chat.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A frame on its way between replicas, with the conversations whose followers should get it: one for everything
 * that happens in a conversation, all of a user's conversations for a presence change.
 *
 * <p>Wire form (Redis pub/sub payload): a version byte, the number of conversation ids (4 bytes), each id as 16
 * bytes, then the {@link ServerFrame} in protobuf binary. Small, and needs no schema beyond the contract's.
 */
record LiveEnvelope(List<UUID> conversationIds, ServerFrame frame) {

    private static final byte VERSION = 1;

    LiveEnvelope {
        conversationIds = List.copyOf(conversationIds);
    }

    static LiveEnvelope of(UUID conversationId, ServerFrame frame) {
        return new LiveEnvelope(List.of(conversationId), frame);
    }

    /**
     * Typing and presence: not ordered with a conversation's messages and not worth holding back for them; a
     * lost one is corrected by the next (typing lapses, presence is read with GetPresence).
     */
    boolean ephemeral() {
        return LiveFrames.isEphemeral(frame);
    }

    byte[] encode() {
        byte[] body = frame.toByteArray();
        ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + 16 * conversationIds.size() + body.length);
        buffer.put(VERSION).putInt(conversationIds.size());
        for (UUID id : conversationIds) {
            buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        }
        return buffer.put(body).array();
    }

    static LiveEnvelope decode(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        byte version = buffer.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown live envelope version " + version);
        }
        int count = buffer.getInt();
        if (count < 0 || count > buffer.remaining() / 16) {
            throw new IllegalArgumentException("corrupt live envelope: " + count + " conversation ids");
        }
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new UUID(buffer.getLong(), buffer.getLong()));
        }
        try {
            return new LiveEnvelope(ids, ServerFrame.parseFrom(buffer));
        } catch (InvalidProtocolBufferException corrupt) {
            throw new IllegalArgumentException("corrupt live envelope frame", corrupt);
        }
    }
}
