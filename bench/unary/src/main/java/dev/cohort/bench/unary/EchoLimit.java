package dev.cohort.bench.unary;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The transport's own limit: a bare grpc-java server (same library and version, same loopback, same client
 * channel settings as the direct calls) whose one unary method answers every request with {@code responseBytes},
 * with no interceptors, no auth, no validation, no database: what no service on this machine could beat.
 */
final class EchoLimit implements AutoCloseable {

    static final int REQUEST_BYTES = 40;
    static final int RESPONSE_BYTES = 200;

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }
    };

    private static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("bench.Echo/Echo")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    private final Server server;
    private final ManagedChannel channel;
    private final byte[] request = new byte[REQUEST_BYTES];
    private final byte[] response = new byte[RESPONSE_BYTES];

    EchoLimit() {
        try {
            server = ServerBuilder.forPort(0)
                    .addService(ServerServiceDefinition.builder("bench.Echo")
                            .addMethod(ECHO, ServerCalls.asyncUnaryCall((ignored, observer) -> {
                                observer.onNext(response);
                                observer.onCompleted();
                            })).build())
                    .build().start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    UnaryCall call() {
        return n -> UnaryCall.completable(ClientCalls.futureUnaryCall(
                channel.newCall(ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), request));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }
}
