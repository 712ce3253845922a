package dev.cohort.grpc.server;

import dev.cohort.telemetry.TraceMdc;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Puts the call's trace and span ids (the SERVER span OpenTelemetry's interceptor, outside this one, started) into
 * the logging MDC while our code runs on a thread for the call, and writes one structured log line per call with
 * method, status and duration. Request bodies are never logged: they can hold passwords and tokens.
 */
public final class RequestLoggingInterceptor implements ServerInterceptor {

    static final String MDC_TRACE_ID = TraceMdc.TRACE_ID;
    static final String MDC_SPAN_ID = TraceMdc.SPAN_ID;
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
        // Read now: the call may close on another thread (streams), where the span is not current.
        SpanContext trace = Span.current().getSpanContext();
        long started = nanoClock.getAsLong();
        String method = call.getMethodDescriptor().getFullMethodName();
        ServerCall<Q, R> loggingCall = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                logOutcome(method, status, trace, nanoClock.getAsLong() - started);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener = withMdc(trace, () -> next.startCall(loggingCall, headers));
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

    private static void logOutcome(String method, Status status, SpanContext trace, long elapsedNanos) {
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

    private static void inMdc(SpanContext trace, Runnable work) {
        withMdc(trace, () -> {
            work.run();
            return null;
        });
    }

    private static <T> T withMdc(SpanContext trace, Supplier<T> work) {
        try (TraceMdc ignored = TraceMdc.of(trace)) {
            return work.get();
        }
    }
}
