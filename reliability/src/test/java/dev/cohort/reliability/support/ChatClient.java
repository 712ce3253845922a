package dev.cohort.reliability.support;

import dev.cohort.chat.v1.ChatServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/** One signed-in user's gRPC connection to a chat replica, as a native client holds it. */
public final class ChatClient implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final Metadata headers = new Metadata();

    public ChatClient(int port, String accessToken) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        headers.put(AUTHORIZATION, "Bearer " + accessToken);
    }

    public ChatServiceGrpc.ChatServiceBlockingStub blocking() {
        return ChatServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(15, TimeUnit.SECONDS);
    }

    public ChatServiceGrpc.ChatServiceFutureStub future() {
        return ChatServiceGrpc.newFutureStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public ChatServiceGrpc.ChatServiceStub async() {
        return ChatServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
