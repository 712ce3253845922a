package dev.cohort.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Optional;

/**
 * The W3C {@code traceparent} of the current span as text, and back: for the places a trace crosses something that
 * is not a call — an outbox row waits in a table until the relay publishes it. Formatting and parsing are
 * OpenTelemetry's ({@link W3CTraceContextPropagator}); nothing here writes the format by hand.
 */
public final class Traceparents {

    public static final String HEADER = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapSetter<String[]> INTO_SLOT = (slot, key, value) -> {
        if (HEADER.equals(key)) {
            slot[0] = value;
        }
    };
    private static final TextMapGetter<String> FROM_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String value) {
            return List.of(HEADER);
        }

        @Override
        public String get(String value, String key) {
            return HEADER.equals(key) ? value : null;
        }
    };

    private Traceparents() {
    }

    /** The current span's {@code traceparent}; empty outside any trace. */
    public static Optional<String> current() {
        return of(Context.current());
    }

    /** The {@code traceparent} of the span in {@code context}; empty when it has none. */
    public static Optional<String> of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Optional.empty();
        }
        String[] slot = new String[1];
        W3C.inject(context, slot, INTO_SLOT);
        return Optional.ofNullable(slot[0]);
    }

    /** A context whose (remote) parent is this {@code traceparent}; the root context when null or malformed. */
    public static Context toContext(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent, FROM_VALUE);
    }

    /** The span context a {@code traceparent} names; invalid when null or malformed. */
    public static SpanContext spanContext(String traceparent) {
        return Span.fromContext(toContext(traceparent)).getSpanContext();
    }
}
