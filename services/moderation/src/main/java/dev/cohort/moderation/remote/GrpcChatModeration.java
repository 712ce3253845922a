package dev.cohort.moderation.remote;

import dev.cohort.auth.ForwardCallerCredentials;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.DeleteMessageRequest;
import dev.cohort.moderation.app.ChatModeration;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Chat over gRPC, called with the moderator's own token (chat lets an admin delete any message). */
public final class GrpcChatModeration implements ChatModeration {

    private final ChatServiceGrpc.ChatServiceBlockingStub chat;
    private final Duration deadline;

    public GrpcChatModeration(Channel channel, Duration deadline) {
        this.chat = ChatServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel, new ForwardCallerCredentials()));
        this.deadline = deadline;
    }

    @Override
    public void removeMessage(UUID messageId) {
        try {
            chat.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .deleteMessage(DeleteMessageRequest.newBuilder().setMessageId(messageId.toString()).build());
        } catch (StatusRuntimeException failure) {
            if (failure.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return; // gone already (deleted meanwhile, or its conversation): what the action wanted
            }
            throw RemoteFailures.translate("chat", failure);
        }
    }
}
