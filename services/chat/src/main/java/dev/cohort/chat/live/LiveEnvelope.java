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
 * <p>Several envelopes travel in one Redis pub/sub payload (a writer batch's messages: one publish per commit
 * instead of one per message), in order. Wire form, version 2: a version byte, the number of envelopes (4 bytes),
 * then for each the number of conversation ids (4 bytes), each id as 16 bytes, the frame's length (4 bytes) and
 * the {@link ServerFrame} in protobuf binary. Version 1 (one envelope: the ids, then the frame up to the end) is
 * still read, so replicas of the previous release and this one can run side by side during a rollout. Small, and
 * needs no schema beyond the contract's.
 */
record LiveEnvelope(List<UUID> conversationIds, ServerFrame frame) {

    private static final byte SINGLE = 1;
    private static final byte BATCH = 2;

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

    /** One payload for {@code envelopes}, read back in the same order by {@link #decodeAll}. */
    static byte[] encodeAll(List<LiveEnvelope> envelopes) {
        List<byte[]> bodies = new ArrayList<>(envelopes.size());
        int size = 1 + 4;
        for (LiveEnvelope envelope : envelopes) {
            byte[] body = envelope.frame.toByteArray();
            bodies.add(body);
            size += 4 + 16 * envelope.conversationIds.size() + 4 + body.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.put(BATCH).putInt(envelopes.size());
        for (int i = 0; i < envelopes.size(); i++) {
            List<UUID> ids = envelopes.get(i).conversationIds;
            buffer.putInt(ids.size());
            for (UUID id : ids) {
                buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            }
            buffer.putInt(bodies.get(i).length).put(bodies.get(i));
        }
        return buffer.array();
    }

    /** The envelopes of a payload (either version), in their order. */
    static List<LiveEnvelope> decodeAll(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        byte version = buffer.get();
        if (version == SINGLE) {
            List<UUID> ids = conversationIds(buffer);
            return List.of(new LiveEnvelope(ids, frame(buffer, buffer.remaining())));
        }
        if (version != BATCH) {
            throw new IllegalArgumentException("unknown live envelope version " + version);
        }
        int count = buffer.getInt();
        // Every envelope takes at least 8 bytes (two counts).
        if (count < 0 || count > buffer.remaining() / 8) {
            throw new IllegalArgumentException("corrupt live envelope batch: " + count + " envelopes");
        }
        List<LiveEnvelope> envelopes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<UUID> ids = conversationIds(buffer);
            if (buffer.remaining() < 4) {
                throw new IllegalArgumentException("corrupt live envelope batch: truncated");
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalArgumentException("corrupt live envelope batch: frame of " + length + " bytes");
            }
            envelopes.add(new LiveEnvelope(ids, frame(buffer, length)));
        }
        return envelopes;
    }

    private static List<UUID> conversationIds(ByteBuffer buffer) {
        if (buffer.remaining() < 4) {
            throw new IllegalArgumentException("corrupt live envelope: truncated");
        }
        int count = buffer.getInt();
        if (count < 0 || count > buffer.remaining() / 16) {
            throw new IllegalArgumentException("corrupt live envelope: " + count + " conversation ids");
        }
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new UUID(buffer.getLong(), buffer.getLong()));
        }
        return ids;
    }

    private static ServerFrame frame(ByteBuffer buffer, int length) {
        ByteBuffer body = buffer.slice();
        body.limit(length);
        buffer.position(buffer.position() + length);
        try {
            return ServerFrame.parseFrom(body);
        } catch (InvalidProtocolBufferException corrupt) {
            throw new IllegalArgumentException("corrupt live envelope frame", corrupt);
        }
    }
}
