package dev.cohort.bench.chat;

import dev.cohort.bench.support.JitWarmup;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The transport's limit on this machine: plain grpc-java, a bidirectional streaming echo served by Netty on
 * 127.0.0.1 (TCP, not the in-process transport), with as many streams as the chat run has subscribers, messages of
 * the size of a chat delivery frame, and the same client setup (same number of connections, callbacks on the event
 * loops). Each stream keeps {@code window} messages in flight and sends the next when one comes back (1 =
 * ping-pong, the shape of grpc-benchmarks' streaming client). No service logic, no database, no auth: the figure
 * is echoed messages received by the clients per second, i.e. what gRPC alone moves here.
 * ({@code io.grpc:grpc-benchmarks} is not in the repository this build resolves from, so the echo is written out:
 * a hand-built method descriptor over {@code google.protobuf.BytesValue}.)
 */
final class EchoLimit {

    static final MethodDescriptor<BytesValue, BytesValue> ECHO = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Echo"))
            .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .build();

    private EchoLimit() {
    }

    /** The figures of one echo run. */
    record Result(int streams, int payloadBytes, int window, long messages, double seconds) {
        double messagesPerSecond() {
            return messages / seconds;
        }
    }

    static Result run(int streams, int payloadBytes, int connections, int window, JitWarmup warmup,
                      Duration duration) {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerServiceDefinition.builder("bench.Echo")
                        .addMethod(ECHO, ServerCalls.asyncBidiStreamingCall(EchoLimit::echo)).build())
                .build();
        try {
            server.start();
        } catch (IOException failed) {
            throw new UncheckedIOException("echo server did not start", failed);
        }
        byte[] bytes = new byte[payloadBytes];
        new Random(1).nextBytes(bytes);
        BytesValue payload = BytesValue.of(ByteString.copyFrom(bytes));
        LongAdder received = new LongAdder();
        List<EchoStream> clients = new ArrayList<>();
        try (ClientChannels channels = new ClientChannels(server.getPort(), connections)) {
            for (int i = 0; i < streams; i++) {
                EchoStream stream = new EchoStream(payload, received);
                ClientCalls.asyncBidiStreamingCall(channels.forClient(i).newCall(ECHO, CallOptions.DEFAULT), stream);
                clients.add(stream);
            }
            for (EchoStream stream : clients) {
                stream.start(window);
            }
            warmup.await(Duration.ofSeconds(1));
            long startCount = received.sum();
            long started = System.nanoTime();
            LoadPass.sleep(duration);
            long messages = received.sum() - startCount;
            double seconds = (System.nanoTime() - started) / 1e9;
            clients.forEach(EchoStream::stop);
            return new Result(streams, payload.getSerializedSize(), window, messages, seconds);
        } finally {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The server side: every message straight back. */
    private static StreamObserver<BytesValue> echo(StreamObserver<BytesValue> responses) {
        ServerCallStreamObserver<BytesValue> out = (ServerCallStreamObserver<BytesValue>) responses;
        out.setOnCancelHandler(() -> { });
        return new StreamObserver<>() {
            @Override
            public void onNext(BytesValue value) {
                if (!out.isCancelled()) {
                    out.onNext(value);
                }
            }

            @Override
            public void onError(Throwable failure) {
            }

            @Override
            public void onCompleted() {
                if (!out.isCancelled()) {
                    out.onCompleted();
                }
            }
        };
    }

    /** A client stream: sends the next message when one comes back. */
    private static final class EchoStream implements ClientResponseObserver<BytesValue, BytesValue> {
        private final BytesValue payload;
        private final LongAdder received;
        private ClientCallStreamObserver<BytesValue> requests;
        private volatile boolean running = true;

        EchoStream(BytesValue payload, LongAdder received) {
            this.payload = payload;
            this.received = received;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<BytesValue> requests) {
            this.requests = requests;
        }

        synchronized void start(int window) {
            for (int i = 0; i < window; i++) {
                requests.onNext(payload);
            }
        }

        @Override
        public void onNext(BytesValue value) {
            received.increment();
            synchronized (this) {
                if (running) {
                    requests.onNext(payload);
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            running = false;
        }

        @Override
        public void onCompleted() {
            running = false;
        }

        synchronized void stop() {
            running = false;
            requests.cancel("echo limit measured", null);
        }
    }
}
