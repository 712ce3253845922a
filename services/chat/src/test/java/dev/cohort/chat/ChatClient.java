package dev.cohort.chat;

import dev.cohort.chat.v1.ChatServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of a running chat service, calling as test users. */
public final class ChatClient implements AutoCloseable {

    private final ManagedChannel channel;

    public ChatClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** Blocking stub calling as a student {@code userId}. */
    public ChatServiceGrpc.ChatServiceBlockingStub as(UUID userId) {
        return ChatServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(userId, "STUDENT")));
    }

    /** Blocking stub calling as an admin {@code userId}. */
    public ChatServiceGrpc.ChatServiceBlockingStub asAdmin(UUID userId) {
        return ChatServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(userId, "ADMIN")));
    }

    /** Blocking stub calling as {@code userId} with {@code role} (STUDENT, INSTRUCTOR, ADMIN). */
    public ChatServiceGrpc.ChatServiceBlockingStub asRole(UUID userId, String role) {
        return ChatServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(userId, role)));
    }

    /** Async stub (streams) calling as a student {@code userId}; no deadline (streams are long-lived). */
    public ChatServiceGrpc.ChatServiceStub streamsAs(UUID userId) {
        return ChatServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(userId, "STUDENT")));
    }

    /** Async stub (streams) calling as {@code userId} with a token that expires {@code lifetime} from now. */
    public ChatServiceGrpc.ChatServiceStub streamsWithTokenValidFor(java.time.Duration lifetime, UUID userId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + ChatTestSupport.TOKENS.tokenValidFor(lifetime, userId.toString(), "STUDENT"));
        return ChatServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public static Metadata bearer(UUID userId, String... roles) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + ChatTestSupport.TOKENS.token(userId.toString(), roles));
        return headers;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
