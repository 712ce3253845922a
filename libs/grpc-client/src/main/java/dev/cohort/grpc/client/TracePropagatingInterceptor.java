package dev.cohort.grpc.client;

import dev.cohort.grpc.common.trace.TraceContext;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Sends a W3C {@code traceparent} header on every call, so one trace id follows a request across services.
 *
 * <p>Inside a request being served ({@link TraceContext#current()} present) the header carries the same trace id
 * with a new span id for this outgoing call; anywhere else (a scheduled job, a consumer, a test) a new root trace
 * starts here, so no downstream call arrives without a trace. A {@code traceparent} already in the headers is
 * replaced, never duplicated.
 */
public final class TracePropagatingInterceptor implements ClientInterceptor {

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
            MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
        // Read the context now, on the caller's thread: start() may run later, elsewhere.
        TraceContext outgoing = TraceContext.current().map(TraceContext::child).orElseGet(TraceContext::newRoot);
        return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
            @Override
            public void start(Listener<RespT> responseListener, Metadata headers) {
                headers.discardAll(TraceContext.TRACEPARENT);
                headers.put(TraceContext.TRACEPARENT, outgoing.toTraceparent());
                super.start(responseListener, headers);
            }
        };
    }
}
