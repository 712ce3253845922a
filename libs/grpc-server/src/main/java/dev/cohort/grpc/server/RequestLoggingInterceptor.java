package dev.cohort.grpc.server;

import dev.cohort.grpc.common.trace.TraceContext;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * Adopts the caller's W3C trace context (or starts a trace), makes it current for the whole call (gRPC
 * {@link Context} and, while our code runs on a thread, the logging MDC as {@code traceId}), and writes one
 * structured log line per call with method, status, duration and trace id. Request bodies are never logged:
 * they can hold passwords and tokens.
 */
public final class RequestLoggingInterceptor implements ServerInterceptor {

    static final String MDC_TRACE_ID = "traceId";
    static final String MDC_SPAN_ID = "spanId";
    private static final Logger log = LoggerFactory.getLogger("dev.cohort.grpc.requests");

    private final LongSupplier nanoClock;

    public RequestLoggingInterceptor() {
        this(System::nanoTime);
    }

    RequestLoggingInterceptor(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        TraceContext trace = TraceContext.parse(headers.get(TraceContext.TRACEPARENT))
                .map(TraceContext::child)
                .orElseGet(TraceContext::newRoot);
        long started = nanoClock.getAsLong();
        String method = call.getMethodDescriptor().getFullMethodName();
        ServerCall<Q, R> loggingCall = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                logOutcome(method, status, trace, nanoClock.getAsLong() - started);
                super.close(status, trailers);
            }
        };
        Context context = Context.current().withValue(TraceContext.CONTEXT_KEY, trace);
        ServerCall.Listener<Q> listener = withMdc(trace, () -> Contexts.interceptCall(context, loggingCall, headers, next));
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                inMdc(trace, () -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                inMdc(trace, super::onHalfClose);
            }

            @Override
            public void onCancel() {
                inMdc(trace, super::onCancel);
            }

            @Override
            public void onComplete() {
                inMdc(trace, super::onComplete);
            }

            @Override
            public void onReady() {
                inMdc(trace, super::onReady);
            }
        };
    }

    private static void logOutcome(String method, Status status, TraceContext trace, long elapsedNanos) {
        Level level = switch (status.getCode()) {
            case OK, CANCELLED, NOT_FOUND, ALREADY_EXISTS, INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE,
                 UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED, ABORTED -> Level.INFO;
            default -> Level.WARN;
        };
        inMdc(trace, () -> log.atLevel(level)
                .addKeyValue("grpc.method", method)
                .addKeyValue("grpc.status", status.getCode().name())
                .addKeyValue("durationMs", elapsedNanos / 1_000_000.0)
                .log("gRPC call {} finished with {}", method, status.getCode()));
    }

    private static void inMdc(TraceContext trace, Runnable work) {
        withMdc(trace, () -> {
            work.run();
            return null;
        });
    }

    private static <T> T withMdc(TraceContext trace, java.util.function.Supplier<T> work) {
        String previousTrace = MDC.get(MDC_TRACE_ID);
        String previousSpan = MDC.get(MDC_SPAN_ID);
        MDC.put(MDC_TRACE_ID, trace.traceId());
        MDC.put(MDC_SPAN_ID, trace.spanId());
        try {
            return work.get();
        } finally {
            restore(MDC_TRACE_ID, previousTrace);
            restore(MDC_SPAN_ID, previousSpan);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
