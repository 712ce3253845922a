package dev.cohort.devgateway;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Relays one RPC to its service: the caller's {@link ServerCall} to an upstream {@link ClientCall} with the
 * same generated {@link MethodDescriptor} (so Armeria can transcode REST and gRPC-Web to it), message by
 * message in both directions, one message requested at a time, cancellation passed on. Works for every method
 * type. A call is checked at the edge first, in envoy.yaml's filter order: the token, then the rate limit.
 */
final class RelayHandler<Q, R> implements ServerCallHandler<Q, R> {

    private final MethodDescriptor<Q, R> method;
    private final Channel upstream;
    private final EdgeAuthentication authentication;
    private final EdgeRateLimit rateLimit;
    private final Duration ceiling;

    RelayHandler(MethodDescriptor<Q, R> method, Channel upstream, EdgeAuthentication authentication,
            EdgeRateLimit rateLimit, Duration unaryTimeout) {
        this.method = method;
        this.upstream = upstream;
        this.authentication = authentication;
        this.rateLimit = rateLimit;
        // Like envoy.yaml: unary calls get the unary timeout as a ceiling, streams (either way) none.
        this.ceiling = streams(method) ? null : unaryTimeout;
    }

    /** Client, server or bidirectional streaming: open as long as the caller and the service keep it. */
    static boolean streams(MethodDescriptor<?, ?> method) {
        return method.getType() != MethodDescriptor.MethodType.UNARY;
    }

    @Override
    public ServerCall.Listener<Q> startCall(ServerCall<Q, R> serverCall, Metadata headers) {
        EdgeAuthentication.Outcome caller = authentication.check(method, headers);
        Optional<StatusException> refusal = caller.refusal()
                .or(() -> rateLimit.refusal(method, clientAddress(), caller.subject()));
        if (refusal.isPresent()) {
            Metadata trailers = refusal.get().getTrailers();
            serverCall.close(refusal.get().getStatus(), trailers == null ? new Metadata() : trailers);
            return new ServerCall.Listener<>() { };
        }
        CallOptions options = CallOptions.DEFAULT;
        Deadline deadline = deadline();
        if (deadline != null) {
            options = options.withDeadline(deadline);
        }
        ClientCall<Q, R> clientCall = upstream.newCall(method, options);
        clientCall.start(new Upstream(serverCall, clientCall), ForwardedHeaders.request(headers, clientAddress()));
        clientCall.request(1);
        serverCall.request(1);
        return new Downstream(serverCall, clientCall);
    }

    /**
     * The address of the connection's peer, as Envoy's {@code use_remote_address}: never a forwarded header, which
     * any client could write. (Armeria leaves gRPC's remote-address attribute unset; its context has the peer.)
     */
    private static InetAddress clientAddress() {
        ServiceRequestContext request = ServiceRequestContext.currentOrNull();
        return request == null ? null : request.remoteAddress().getAddress();
    }

    /**
     * Armeria does not hand the caller's deadline to gRPC's Context: take the tightest of the request's own
     * timeout (from {@code grpc-timeout}, or the server's default), the gRPC Context's deadline, and the ceiling.
     */
    private Deadline deadline() {
        Deadline deadline = ceiling == null ? null : Deadline.after(ceiling.toMillis(), TimeUnit.MILLISECONDS);
        ServiceRequestContext request = ServiceRequestContext.currentOrNull();
        if (request != null && request.requestTimeoutMillis() > 0) {
            deadline = earliest(deadline, Deadline.after(request.requestTimeoutMillis(), TimeUnit.MILLISECONDS));
        }
        return earliest(deadline, Context.current().getDeadline());
    }

    private static Deadline earliest(Deadline a, Deadline b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a.minimum(b);
    }

    /** The caller's side: requests in, cancellation through. */
    private static final class Downstream<Q, R> extends ServerCall.Listener<Q> {
        private final ServerCall<Q, R> serverCall;
        private final ClientCall<Q, R> clientCall;

        Downstream(ServerCall<Q, R> serverCall, ClientCall<Q, R> clientCall) {
            this.serverCall = serverCall;
            this.clientCall = clientCall;
        }

        @Override
        public void onMessage(Q message) {
            clientCall.sendMessage(message);
            serverCall.request(1);
        }

        @Override
        public void onHalfClose() {
            clientCall.halfClose();
        }

        @Override
        public void onCancel() {
            clientCall.cancel("caller cancelled", null);
        }
    }

    /** The service's side: headers, answers and the final status back, cleaned. */
    private static final class Upstream<Q, R> extends ClientCall.Listener<R> {
        private final ServerCall<Q, R> serverCall;
        private final ClientCall<Q, R> clientCall;

        Upstream(ServerCall<Q, R> serverCall, ClientCall<Q, R> clientCall) {
            this.serverCall = serverCall;
            this.clientCall = clientCall;
        }

        @Override
        public void onHeaders(Metadata headers) {
            serverCall.sendHeaders(ForwardedHeaders.response(headers));
        }

        @Override
        public void onMessage(R message) {
            serverCall.sendMessage(message);
            clientCall.request(1);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            Metadata answer = ForwardedHeaders.response(trailers);
            Status safe = UpstreamStatus.sanitise(status, answer);
            try {
                serverCall.close(safe, answer);
            } catch (IllegalStateException alreadyClosed) {
                // The caller went away (or timed out) first: nothing left to tell.
            }
        }
    }
}
