package dev.cohort.grpc.server;

/**
 * The order of Cohort's global server interceptors. Spring gRPC applies them with {@code interceptForward}
 * sorted by {@code @Order}: the lowest number runs first (outermost). Spring's own exception-handling
 * interceptor has no order and so sits innermost, next to the service, which is what we want: every status
 * it produces still passes through logging on the way out.
 */
public final class InterceptorOrder {

    /** Starts the call's SERVER span in the caller's trace (OpenTelemetry): outermost, so every other layer runs in it. */
    public static final int TRACING = 25;
    /** Counts and times every call per method and status (Micrometer): outermost, so it sees every status. */
    public static final int METRICS = 50;
    /** Adopts or starts the trace and logs the call's outcome: outermost, so it sees every status. */
    public static final int TRACE_AND_LOG = 100;
    /** Authenticates the caller and applies the RPC's access policy (libs/auth). */
    public static final int AUTH = 200;
    /** Validates each request message before the handler sees it. */
    public static final int VALIDATION = 300;

    private InterceptorOrder() {
    }
}
