package dev.cohort.chat.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.chat.v1.Heartbeat;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Redis payload between replicas: several frames in one publish, in order, and the older one-frame form. */
class LiveEnvelopeTest {

    final UUID conversation = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    @Test
    void aBatchOfEnvelopesComesBackInTheOrderItWasSent() {
        List<LiveEnvelope> sent = List.of(LiveEnvelope.of(conversation, created(1)),
                LiveEnvelope.of(conversation, created(2)), new LiveEnvelope(List.of(conversation, other),
                        ServerFrame.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build()),
                new LiveEnvelope(List.of(), created(3)));

        assertThat(LiveEnvelope.decodeAll(LiveEnvelope.encodeAll(sent))).isEqualTo(sent);
    }

    @Test
    void theOneFramePayloadOfThePreviousReleaseIsStillRead() {
        ServerFrame frame = created(7);
        byte[] body = frame.toByteArray();
        ByteBuffer v1 = ByteBuffer.allocate(1 + 4 + 16 + body.length);
        v1.put((byte) 1).putInt(1).putLong(conversation.getMostSignificantBits())
                .putLong(conversation.getLeastSignificantBits()).put(body);

        assertThat(LiveEnvelope.decodeAll(v1.array())).containsExactly(LiveEnvelope.of(conversation, frame));
    }

    @Test
    void aTruncatedOrForeignPayloadIsRefusedWithItsReason() {
        byte[] whole = LiveEnvelope.encodeAll(List.of(LiveEnvelope.of(conversation, created(1)),
                LiveEnvelope.of(conversation, created(2))));

        assertThatThrownBy(() -> LiveEnvelope.decodeAll(Arrays.copyOf(whole, whole.length - 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt live envelope");
        assertThatThrownBy(() -> LiveEnvelope.decodeAll(new byte[] {9, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown live envelope version 9");
    }

    private ServerFrame created(long sequence) {
        return LiveFrames.messageCreated(Message.newBuilder().setConversationId(conversation.toString())
                .setMessageId(UUID.randomUUID().toString()).setSequence(sequence).setText("m" + sequence).build());
    }
}
