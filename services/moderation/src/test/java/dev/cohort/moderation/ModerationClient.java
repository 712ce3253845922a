package dev.cohort.moderation;

import dev.cohort.moderation.v1.ModerationServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the running service. */
final class ModerationClient implements AutoCloseable {

    private final ManagedChannel channel;

    ModerationClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    ManagedChannel channel() {
        return channel;
    }

    /** A stub calling as {@code userId} with the given roles (a student when none). */
    ModerationServiceGrpc.ModerationServiceBlockingStub as(UUID userId, String... roles) {
        return ModerationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(userId, roles)));
    }

    ModerationServiceGrpc.ModerationServiceBlockingStub admin(UUID userId) {
        return as(userId, "ADMIN");
    }

    static Metadata headers(UUID userId, String... roles) {
        String token = ModerationTestSupport.TOKENS.token(userId.toString(),
                roles.length == 0 ? new String[] {"STUDENT"} : roles);
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
