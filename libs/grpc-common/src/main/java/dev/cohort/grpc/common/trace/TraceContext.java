package dev.cohort.grpc.common.trace;

import io.grpc.Context;
import io.grpc.Metadata;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C trace context of the request being served ({@code traceparent}: version-traceid-spanid-flags).
 * Servers adopt the caller's trace id (or start a new trace), put it in the gRPC {@link Context} and in every
 * log line; clients send it on, so one trace id follows a request across services.
 */
public record TraceContext(String traceId, String spanId, String flags) {

    /** Metadata header carrying the context between processes. */
    public static final Metadata.Key<String> TRACEPARENT =
            Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

    /** Where the current request's trace context lives while it is served. */
    public static final Context.Key<TraceContext> CONTEXT_KEY = Context.key("cohort-trace-context");

    private static final Pattern HEADER =
            Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final String INVALID_SPAN_ID = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /** Parses a {@code traceparent} header; empty when absent or malformed (then a new trace starts). */
    public static Optional<TraceContext> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var match = HEADER.matcher(header.trim());
        if (!match.matches() || match.group(1).equals(INVALID_TRACE_ID) || match.group(2).equals(INVALID_SPAN_ID)) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(match.group(1), match.group(2), match.group(3)));
    }

    /** A fresh, sampled trace. */
    public static TraceContext newRoot() {
        return new TraceContext(randomHex(16), randomHex(8), "01");
    }

    /** The context for work done on behalf of this one: same trace, new span. */
    public TraceContext child() {
        return new TraceContext(traceId, randomHex(8), flags);
    }

    /** The header value to send downstream. */
    public String toTraceparent() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    /** The trace context of the request being served on this thread's gRPC context, if any. */
    public static Optional<TraceContext> current() {
        return Optional.ofNullable(CONTEXT_KEY.get());
    }

    private static String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HEX.formatHex(buffer);
    }
}
