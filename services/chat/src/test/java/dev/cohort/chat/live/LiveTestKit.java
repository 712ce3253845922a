package dev.cohort.chat.live;

import dev.cohort.chat.ChatClient;
import dev.cohort.chat.TestUsers;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.ConversationSubscription;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.SubscribeCommand;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Conversations, messages and live streams for the live tests, through the real gRPC API. */
final class LiveTestKit {

    private LiveTestKit() {
    }

    static UUID channel(ChatClient client, UUID owner, boolean privateChannel) {
        return channel(client, null, owner, privateChannel);
    }

    /** A channel with {@code members}, registered as users first (chat adds only users it knows exist). */
    static UUID channel(ChatClient client, TestUsers users, UUID owner, boolean privateChannel, UUID... members) {
        for (UUID member : members) {
            users.registered(member, Instant.now());
        }
        CreateChannelRequest.Builder request = CreateChannelRequest.newBuilder()
                .setName("live " + UUID.randomUUID()).setPrivate(privateChannel);
        for (UUID member : members) {
            request.addMemberUserIds(member.toString());
        }
        Conversation created = client.as(owner).createChannel(request.build()).getConversation();
        return UUID.fromString(created.getConversationId());
    }

    static Message send(ChatClient client, UUID author, UUID conversationId, String text) {
        return client.as(author).sendMessage(sendRequest(conversationId, text)).getMessage();
    }

    static SendMessageRequest sendRequest(UUID conversationId, String text) {
        return SendMessageRequest.newBuilder().setConversationId(conversationId.toString()).setText(text)
                .setClientMessageId(UUID.randomUUID().toString()).build();
    }

    static ConversationSubscription live(UUID conversationId) {
        return ConversationSubscription.newBuilder().setConversationId(conversationId.toString()).build();
    }

    static ConversationSubscription resume(UUID conversationId, long afterSequence) {
        return ConversationSubscription.newBuilder().setConversationId(conversationId.toString())
                .setResumeAfterSequence(afterSequence).build();
    }

    /** A browser's Subscribe stream. */
    static FrameRecorder<SubscribeRequest, SubscribeResponse> subscribe(ChatClient client, UUID user,
                                                                         ConversationSubscription... conversations) {
        FrameRecorder<SubscribeRequest, SubscribeResponse> recorder = new FrameRecorder<>(SubscribeResponse::getFrame);
        client.streamsAs(user).subscribe(SubscribeRequest.newBuilder().addAllConversations(List.of(conversations))
                .build(), recorder);
        return recorder;
    }

    /** A native client's Connect stream. */
    static ConnectStream connect(ChatClient client, UUID user) {
        FrameRecorder<ConnectRequest, ConnectResponse> recorder = new FrameRecorder<>(ConnectResponse::getFrame);
        StreamObserver<ConnectRequest> requests = client.streamsAs(user).connect(recorder);
        return new ConnectStream(recorder, requests);
    }

    static ClientFrame.Builder subscribeCommand(ConversationSubscription... conversations) {
        return ClientFrame.newBuilder().setSubscribe(SubscribeCommand.newBuilder()
                .addAllConversations(List.of(conversations)));
    }

    /** A Connect stream: commands with correlation ids, and every frame that came back. */
    record ConnectStream(FrameRecorder<ConnectRequest, ConnectResponse> frames,
                         StreamObserver<ConnectRequest> requests) {

        /** Sends the command and waits for its ack or error. */
        ServerFrame command(ClientFrame.Builder command) {
            String correlationId = UUID.randomUUID().toString();
            send(command.setCorrelationId(correlationId).build());
            return answerTo(correlationId);
        }

        void send(ClientFrame frame) {
            synchronized (requests) {
                requests.onNext(ConnectRequest.newBuilder().setFrame(frame).build());
            }
        }

        ServerFrame answerTo(String correlationId) {
            return frames.await(frame -> frame.hasAck() && frame.getAck().getCorrelationId().equals(correlationId)
                    || frame.hasError() && frame.getError().getCorrelationId().equals(correlationId));
        }

        void close() {
            synchronized (requests) {
                requests.onCompleted();
            }
        }
    }
}
