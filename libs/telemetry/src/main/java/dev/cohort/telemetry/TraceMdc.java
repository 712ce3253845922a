package dev.cohort.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * Puts the current span's ids into the logging MDC as {@code traceId} and {@code spanId} (the keys the JSON log
 * format writes), and restores what was there before when closed. Used where our code starts running on behalf of a
 * trace: a gRPC call's callbacks, an event's listener.
 */
public final class TraceMdc implements AutoCloseable {

    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private final String previousTrace;
    private final String previousSpan;

    private TraceMdc(SpanContext span) {
        previousTrace = MDC.get(TRACE_ID);
        previousSpan = MDC.get(SPAN_ID);
        if (span.isValid()) {
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        }
    }

    /** The current span's ids in the MDC until {@link #close()}. */
    public static TraceMdc ofCurrentSpan() {
        return new TraceMdc(Span.current().getSpanContext());
    }

    /** These ids in the MDC until {@link #close()}. */
    public static TraceMdc of(SpanContext span) {
        return new TraceMdc(span);
    }

    @Override
    public void close() {
        restore(TRACE_ID, previousTrace);
        restore(SPAN_ID, previousSpan);
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
