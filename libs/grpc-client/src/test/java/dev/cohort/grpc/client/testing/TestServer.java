package dev.cohort.grpc.client.testing;

import io.grpc.Context;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server (Netty, loopback, random port) with one hand-built unary method {@code cohort.test.Echo/Say}
 * whose answer per attempt is scripted by a {@link Responder}. It records what each attempt brought: the count,
 * the headers, and the deadline the server saw.
 */
public final class TestServer implements AutoCloseable {

    public static final MethodDescriptor<String, String> SAY = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("cohort.test.Echo", "Say"))
            .setRequestMarshaller(StringMarshaller.INSTANCE)
            .setResponseMarshaller(StringMarshaller.INSTANCE)
            .build();

    /** What the server does with attempt number {@code attempt} (1-based). */
    @FunctionalInterface
    public interface Responder {
        void respond(int attempt, String request, ServerCall<String, String> call);

        /** Answers every attempt with {@code "echo: " + request}. */
        static Responder echoing() {
            return (attempt, request, call) -> reply(call, "echo: " + request);
        }

        /** Fails the first {@code failures} attempts with {@code status}, then echoes. */
        static Responder failingFirst(int failures, Status status) {
            return (attempt, request, call) -> {
                if (attempt <= failures) {
                    call.close(status, new Metadata());
                } else {
                    reply(call, "echo: " + request);
                }
            };
        }

        /** Fails every attempt with {@code status}. */
        static Responder alwaysFailing(Status status) {
            return (attempt, request, call) -> call.close(status, new Metadata());
        }

        /** Never answers: the call ends only when the client gives up. */
        static Responder neverAnswering() {
            return (attempt, request, call) -> { };
        }

        /** Answers with a body of {@code bytes} characters. */
        static Responder answeringWithBytes(int bytes) {
            return (attempt, request, call) -> reply(call, "x".repeat(bytes));
        }

        private static void reply(ServerCall<String, String> call, String body) {
            call.sendHeaders(new Metadata());
            call.sendMessage(body);
            call.close(Status.OK, new Metadata());
        }
    }

    private final Server server;
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Metadata> headers = new CopyOnWriteArrayList<>();
    private final List<Optional<Duration>> deadlines = new CopyOnWriteArrayList<>();
    private final CountDownLatch cancelled = new CountDownLatch(1);

    private TestServer(Responder responder) throws IOException {
        ServerCallHandler<String, String> handler = (call, requestHeaders) -> {
            int attempt = attempts.incrementAndGet();
            headers.add(requestHeaders);
            deadlines.add(Optional.ofNullable(Context.current().getDeadline())
                    .map(deadline -> Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS))));
            call.request(1);
            return new ServerCall.Listener<>() {
                private String request;

                @Override
                public void onMessage(String message) {
                    request = message;
                }

                @Override
                public void onHalfClose() {
                    responder.respond(attempt, request, call);
                }

                @Override
                public void onCancel() {
                    cancelled.countDown();
                }
            };
        };
        ServerServiceDefinition service = ServerServiceDefinition.builder("cohort.test.Echo")
                .addMethod(SAY, handler)
                .build();
        this.server = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), InsecureServerCredentials.create())
                .addService(service)
                .build()
                .start();
    }

    public static TestServer start(Responder responder) {
        try {
            return new TestServer(responder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port} of the server, for a channel target. */
    public String address() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /** How many attempts (calls) reached the server. */
    public int attempts() {
        return attempts.get();
    }

    /** The headers of the last attempt. */
    public Metadata lastHeaders() {
        return headers.get(headers.size() - 1);
    }

    /** The time left before the deadline when the last attempt arrived, if the client sent a deadline. */
    public Optional<Duration> lastDeadline() {
        if (deadlines.isEmpty()) {
            throw new AssertionError("no call reached the server");
        }
        return deadlines.get(deadlines.size() - 1);
    }

    /** Waits until a call was cancelled on the server side (e.g. when the client's deadline passed). */
    public boolean awaitCancellation(long timeout, TimeUnit unit) throws InterruptedException {
        return cancelled.await(timeout, unit);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private enum StringMarshaller implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
