package dev.cohort.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.cohort.chat.v1.CommandAck;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.Mention;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.MessageCreated;
import dev.cohort.chat.v1.MessageUpdated;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.SubscribeResponse;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class SkimmedFrameTest {

    private static final Message MESSAGE = Message.newBuilder().setMessageId("m-1").setConversationId("c-1")
            .setSequence(41_000_000_007L).setAuthorUserId("u-1").setText("t=123;héllo")
            .addMentions(Mention.newBuilder().setUserId("u-2").setStart(1).setLength(2))
            .setClientMessageId("client-1").setCreateTime(Timestamp.newBuilder().setSeconds(1_700_000_000)).build();

    @Test
    void aMessageCreatedYieldsItsSequenceAndTextWhateverElseTheMessageCarries() {
        SkimmedFrame skimmed = skim(response(ServerFrame.newBuilder()
                .setMessageCreated(MessageCreated.newBuilder().setMessage(MESSAGE)).build()));

        assertThat(skimmed.messageCreated()).isTrue();
        assertThat(skimmed.sequence()).isEqualTo(41_000_000_007L);
        assertThat(skimmed.text()).isEqualTo("t=123;héllo");
        assertThat(skimmed.frame()).isNull();
    }

    @Test
    void anyOtherFrameIsParsedInFull() {
        ServerFrame ack = ServerFrame.newBuilder().setAck(CommandAck.newBuilder().setCorrelationId("subscribe")).build();
        ServerFrame updated = ServerFrame.newBuilder()
                .setMessageUpdated(MessageUpdated.newBuilder().setMessage(MESSAGE)).build();

        for (ServerFrame frame : new ServerFrame[] {ack, updated, ServerFrame.getDefaultInstance()}) {
            SkimmedFrame skimmed = skim(response(frame));
            assertThat(skimmed.messageCreated()).isFalse();
            assertThat(skimmed.frame()).isEqualTo(frame);
            assertThat(skimmed.sequence()).isEqualTo(-1);
        }
    }

    @Test
    void aSubscribeResponseIsReadTheSameWay() {
        SubscribeResponse response = SubscribeResponse.newBuilder().setFrame(ServerFrame.newBuilder()
                .setMessageCreated(MessageCreated.newBuilder().setMessage(MESSAGE))).build();

        SkimmedFrame skimmed = new SkimmedFrame.Marshaller().parse(new ByteArrayInputStream(response.toByteArray()));

        assertThat(skimmed.sequence()).isEqualTo(MESSAGE.getSequence());
        assertThat(skimmed.text()).isEqualTo(MESSAGE.getText());
    }

    /** What a subscriber makes of {@code response}. */
    private static SkimmedFrame skim(ConnectResponse response) {
        return new SkimmedFrame.Marshaller().parse(new ByteArrayInputStream(response.toByteArray()));
    }

    private static ConnectResponse response(ServerFrame frame) {
        return ConnectResponse.newBuilder().setFrame(frame).build();
    }
}
