package dev.cohort.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.MessageDeleted;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.SubscribeResponse;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A frame encoded once for all its streams: the bytes each RPC's client reads, and the marshaller that sends them. */
class SharedFrameTest {

    final Message message = Message.newBuilder().setMessageId(UUID.randomUUID().toString())
            .setConversationId(UUID.randomUUID().toString()).setSequence(42).setText("shared").build();
    final ServerFrame frame = LiveFrames.messageCreated(message);

    @Test
    void itsBytesAreTheSubscribeAndTheConnectResponseOfTheFrame() throws IOException {
        SharedFrame shared = SharedFrame.of(frame);

        assertThat(SubscribeResponse.parseFrom(shared.responseBytes()).getFrame()).isEqualTo(frame);
        assertThat(ConnectResponse.parseFrom(shared.responseBytes()).getFrame()).isEqualTo(frame);
        assertThat(shared.responseBytes()).isEqualTo(ConnectResponse.newBuilder().setFrame(frame).build().toByteArray())
                .isSameAs(shared.responseBytes());
    }

    @Test
    void redactingForAnotherMessageKeepsTheEncodingAndForItsOwnMakesANewFrame() {
        SharedFrame shared = SharedFrame.of(frame);
        Message otherTombstone = message.toBuilder().setMessageId(UUID.randomUUID().toString()).setText("")
                .setDeleted(true).build();
        Message tombstone = message.toBuilder().setText("").setDeleted(true).build();

        assertThat(shared.redacted(otherTombstone)).isSameAs(shared);
        SharedFrame redacted = shared.redacted(tombstone);
        assertThat(redacted.frame().getMessageCreated().getMessage().getText()).isEmpty();
        assertThat(redacted.responseBytes()).isNotEqualTo(shared.responseBytes());
    }

    @Test
    void theLiveStreamsOfTheBoundServiceWriteSharedFramesAndTheOtherMethodsAreUntouched() throws IOException {
        ServerServiceDefinition generated = new ChatServiceGrpc.ChatServiceImplBase() { }.bindService();

        ServerServiceDefinition bound = SharedFrameMarshaller.forLiveStreams(generated, Set.of("Connect", "Subscribe"));

        assertThat(bound.getMethods()).hasSameSizeAs(generated.getMethods());
        assertThat(bound.getServiceDescriptor().getSchemaDescriptor())
                .isSameAs(generated.getServiceDescriptor().getSchemaDescriptor());
        MethodDescriptor.Marshaller<?> connect = bound.getMethod(
                ChatServiceGrpc.getConnectMethod().getFullMethodName()).getMethodDescriptor().getResponseMarshaller();
        assertThat(connect).isInstanceOf(SharedFrameMarshaller.class);
        SharedFrameMarshaller marshaller = (SharedFrameMarshaller) connect;
        ServerFrame deleted = ServerFrame.newBuilder().setMessageDeleted(MessageDeleted.newBuilder()
                .setMessage(message)).build();
        assertThat(bytes(marshaller.stream(SharedFrame.of(deleted))))
                .isEqualTo(ConnectResponse.newBuilder().setFrame(deleted).build().toByteArray());
        assertThat(bytes(marshaller.stream(ConnectResponse.newBuilder().setFrame(frame).build())))
                .as("a plain response message is written as the generated marshaller writes it")
                .isEqualTo(ConnectResponse.newBuilder().setFrame(frame).build().toByteArray());
        assertThat(bound.getMethod(ChatServiceGrpc.getSendMessageMethod().getFullMethodName()).getMethodDescriptor())
                .isSameAs(generated.getMethod(ChatServiceGrpc.getSendMessageMethod().getFullMethodName())
                        .getMethodDescriptor());
    }

    private static byte[] bytes(InputStream stream) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.transferTo(out);
        return out.toByteArray();
    }
}
