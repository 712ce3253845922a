package dev.cohort.bench.support;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The transport's own limit: a bare grpc-java server (same library, same loopback) whose one unary method answers
 * every request with {@link #respondWith the bytes it is told}, with no interceptors, no auth, no validation, no
 * database. What no service answering payloads of that size on this machine could beat.
 */
public final class EchoLimit implements AutoCloseable {

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
    private volatile byte[] response = new byte[0];

    public EchoLimit() {
        try {
            server = ServerBuilder.forPort(0)
                    .addService(ServerServiceDefinition.builder("bench.Echo")
                            .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, observer) -> {
                                observer.onNext(response);
                                observer.onCompleted();
                            })).build())
                    .build().start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    /** Answers every call with this many bytes from now on. */
    public void respondWith(int bytes) {
        response = new byte[bytes];
    }

    /** One blocking call with {@code request}; answers the response size. */
    public int call(byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, ECHO, callOptions(), request).length;
    }

    /** One asynchronous call with {@code request}, for open-loop or many-in-flight drivers. */
    public ListenableFuture<byte[]> futureCall(byte[] request) {
        return ClientCalls.futureUnaryCall(channel.newCall(ECHO, callOptions()), request);
    }

    private static CallOptions callOptions() {
        return CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }
}
