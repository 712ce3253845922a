package dev.cohort.grpc.server;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code cohort_grpc_server_open_streams{method}}: the streaming calls (server, client or bidirectional) open right
 * now, per method. Micrometer's gRPC binder counts calls when they end; a stream that stays open for hours (chat,
 * notifications) shows only here. Unary calls are not counted: they are the binder's.
 */
final class OpenStreams implements ServerInterceptor {

    static final String METER = "cohort.grpc.server.open.streams";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> openByMethod = new ConcurrentHashMap<>();

    OpenStreams(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() == MethodType.UNARY) {
            return next.startCall(call, headers);
        }
        AtomicInteger open = openByMethod.computeIfAbsent(call.getMethodDescriptor().getFullMethodName(), this::gauge);
        open.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        };
        try {
            return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                @Override
                public void onComplete() {
                    end.run();
                    super.onComplete();
                }

                @Override
                public void onCancel() {
                    end.run();
                    super.onCancel();
                }
            };
        } catch (RuntimeException failedToStart) {
            end.run();
            throw failedToStart;
        }
    }

    private AtomicInteger gauge(String method) {
        AtomicInteger open = new AtomicInteger();
        Gauge.builder(METER, open, AtomicInteger::get)
                .description("Streaming gRPC calls open now")
                .tag("method", method)
                .register(registry);
        return open;
    }
}
