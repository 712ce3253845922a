package dev.cohort.devgateway;

import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.CommandAck;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.GetConversationRequest;
import dev.cohort.chat.v1.GetConversationResponse;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.MessageCreated;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the chat service behind the gateway, so the gateway's relay of chat's shapes (unary, server
 * streaming, bidirectional) can be tested before and apart from the real service. It answers predictably and
 * remembers the deadline each RPC arrived with.
 */
final class FakeChatService extends ChatServiceGrpc.ChatServiceImplBase {

    private final Map<String, Optional<Deadline>> deadlines = new ConcurrentHashMap<>();

    /** The deadline the last call of this RPC carried; empty when it had none. */
    Optional<Deadline> deadlineOf(String rpc) {
        Optional<Deadline> seen = deadlines.get(rpc);
        if (seen == null) {
            throw new AssertionError(rpc + " was never called");
        }
        return seen;
    }

    @Override
    public void getConversation(GetConversationRequest request, StreamObserver<GetConversationResponse> answer) {
        remember("GetConversation");
        answer.onNext(GetConversationResponse.newBuilder()
                .setConversation(Conversation.newBuilder()
                        .setConversationId(request.getConversationId())
                        .setName("study hall"))
                .build());
        answer.onCompleted();
    }

    /** Two messages of the first conversation asked for, then the end of the stream. */
    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<SubscribeResponse> frames) {
        remember("Subscribe");
        String conversation = request.getConversations(0).getConversationId();
        for (long sequence = 1; sequence <= 2; sequence++) {
            frames.onNext(SubscribeResponse.newBuilder().setFrame(ServerFrame.newBuilder()
                    .setMessageCreated(MessageCreated.newBuilder().setMessage(Message.newBuilder()
                            .setConversationId(conversation)
                            .setSequence(sequence)
                            .setText("message " + sequence))))
                    .build());
        }
        frames.onCompleted();
    }

    /** Acknowledges every command with its correlation id; ends when the client does. */
    @Override
    public StreamObserver<ConnectRequest> connect(StreamObserver<ConnectResponse> frames) {
        remember("Connect");
        return new StreamObserver<>() {
            @Override
            public void onNext(ConnectRequest command) {
                frames.onNext(ConnectResponse.newBuilder().setFrame(ServerFrame.newBuilder()
                        .setAck(CommandAck.newBuilder().setCorrelationId(command.getFrame().getCorrelationId())))
                        .build());
            }

            @Override
            public void onError(Throwable cancelled) {
            }

            @Override
            public void onCompleted() {
                frames.onCompleted();
            }
        };
    }

    private void remember(String rpc) {
        deadlines.put(rpc, Optional.ofNullable(Context.current().getDeadline()));
    }
}
