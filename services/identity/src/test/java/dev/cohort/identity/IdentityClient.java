package dev.cohort.identity;

import dev.cohort.testkit.grpc.GrpcFailures;
import com.google.protobuf.Message;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.User;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the running service, with helpers that keep the tests about behaviour. */
final class IdentityClient implements AutoCloseable {

    static final String PASSWORD = "a long and unusual passphrase";

    private final ManagedChannel channel;

    IdentityClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    IdentityServiceGrpc.IdentityServiceBlockingStub anonymous() {
        return IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    IdentityServiceGrpc.IdentityServiceBlockingStub as(String accessToken) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
        return anonymous().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /**
     * Calls as a client at {@code address} behind one gateway: the header as the gateway forwards it, with the
     * address it saw appended to whatever the client wrote itself ({@code clientWritten}, may be empty).
     */
    IdentityServiceGrpc.IdentityServiceBlockingStub behindGateway(String address, String... clientWritten) {
        Metadata headers = new Metadata();
        String forwarded = clientWritten.length == 0 ? address : String.join(", ", clientWritten) + ", " + address;
        headers.put(Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER), forwarded);
        return anonymous().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static LoginRequest credentials(String email, String password) {
        return LoginRequest.newBuilder().setEmail(email).setPassword(password).build();
    }

    static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID() + "@example.org";
    }

    User register(String email) {
        return anonymous().register(RegisterRequest.newBuilder()
                .setEmail(email).setPassword(PASSWORD).setDisplayName("Test Person").build()).getUser();
    }

    LoginResponse login(String email, String password) {
        return anonymous().login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build());
    }

    /** Registers a new student and signs in. */
    LoginResponse newStudent(String name) {
        String email = uniqueEmail(name);
        register(email);
        return login(email, PASSWORD);
    }

    static StatusRuntimeException failure(Runnable call) {
        return GrpcFailures.failure(call);
    }

    static String reason(StatusRuntimeException error) {
        return GrpcFailures.reason(error);
    }

    static <T extends Message> T detail(StatusRuntimeException error, Class<T> type) {
        return GrpcFailures.detail(error, type);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
