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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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

    /**
     * Runs on the caller's event loop. A token already verified (the usual case) is checked there and the relay
     * opened at once; a token that needs the full check (which may fetch the JWK Set from identity) is checked on
     * the request's blocking-task executor, and what the caller does meanwhile waits for the relay to open.
     */
    @Override
    public ServerCall.Listener<Q> startCall(ServerCall<Q, R> serverCall, Metadata headers) {
        InetAddress client = clientAddress();
        Deadline deadline = deadline();
        Optional<EdgeAuthentication.Outcome> known = authentication.checkWithoutWaiting(method, headers);
        if (known.isPresent()) {
            return open(serverCall, headers, known.get(), client, deadline)
                    .<ServerCall.Listener<Q>>map(Downstream::requestFirst)
                    .orElseGet(RelayHandler::closed);
        }
        Deferred<Q> deferred = new Deferred<>();
        Runnable check = () -> {
            Optional<Downstream<Q, R>> opened;
            try {
                opened = open(serverCall, headers, authentication.check(method, headers), client, deadline);
            } catch (RuntimeException failed) {
                serverCall.close(Status.INTERNAL.withDescription("the gateway could not check the call"),
                        new Metadata());
                opened = Optional.empty();
            }
            deferred.attach(opened.<ServerCall.Listener<Q>>map(relay -> relay).orElseGet(RelayHandler::closed));
            opened.ifPresent(Downstream::requestFirst);
        };
        // The call's trace (OpenTelemetry) and gRPC context go along, so the upstream call is traced under it.
        ServiceRequestContext request = ServiceRequestContext.currentOrNull();
        Executor blocking = request == null ? Runnable::run : request.blockingTaskExecutor();
        blocking.execute(io.opentelemetry.context.Context.current().wrap(Context.current().wrap(check)));
        return deferred;
    }

    /**
     * Refuses the call (token, then rate limit), closing it, or starts the upstream call; the caller's first
     * message is requested ({@link Downstream#requestFirst}) once the returned listener is in place.
     */
    private Optional<Downstream<Q, R>> open(ServerCall<Q, R> serverCall, Metadata headers,
                                        EdgeAuthentication.Outcome caller, InetAddress client, Deadline deadline) {
        Optional<StatusException> refusal = caller.refusal()
                .or(() -> rateLimit.refusal(method, client, caller.subject()));
        if (refusal.isPresent()) {
            Metadata trailers = refusal.get().getTrailers();
            serverCall.close(refusal.get().getStatus(), trailers == null ? new Metadata() : trailers);
            return Optional.empty();
        }
        CallOptions options = deadline == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withDeadline(deadline);
        ClientCall<Q, R> clientCall = upstream.newCall(method, options);
        clientCall.start(new Upstream<>(serverCall, clientCall), ForwardedHeaders.request(headers, client));
        clientCall.request(1);
        return Optional.of(new Downstream<>(serverCall, clientCall));
    }

    /** The listener of a call already closed (refused): nothing to relay. */
    private static <Q> ServerCall.Listener<Q> closed() {
        return new ServerCall.Listener<>() { };
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

        /** Asks for the caller's first message; then each one relayed asks for the next. */
        Downstream<Q, R> requestFirst() {
            serverCall.request(1);
            return this;
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

    /**
     * The caller's side while its token is checked off the event loop: what the caller does meanwhile (a
     * cancellation; no message comes before the relay requests one) is kept, and replayed in order on the relay's
     * listener once it is attached.
     */
    private static final class Deferred<Q> extends ServerCall.Listener<Q> {
        private final List<Consumer<ServerCall.Listener<Q>>> pending = new ArrayList<>();
        private ServerCall.Listener<Q> target;

        /** Replays what was kept, then relays directly. Events arriving during the replay are kept and replayed. */
        void attach(ServerCall.Listener<Q> listener) {
            while (true) {
                List<Consumer<ServerCall.Listener<Q>>> kept;
                synchronized (this) {
                    if (pending.isEmpty()) {
                        target = listener;
                        return;
                    }
                    kept = new ArrayList<>(pending);
                    pending.clear();
                }
                kept.forEach(event -> event.accept(listener));
            }
        }

        private void deliver(Consumer<ServerCall.Listener<Q>> event) {
            ServerCall.Listener<Q> now;
            synchronized (this) {
                if (target == null) {
                    pending.add(event);
                    return;
                }
                now = target;
            }
            event.accept(now);
        }

        @Override
        public void onMessage(Q message) {
            deliver(listener -> listener.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            deliver(ServerCall.Listener::onHalfClose);
        }

        @Override
        public void onCancel() {
            deliver(ServerCall.Listener::onCancel);
        }

        @Override
        public void onComplete() {
            deliver(ServerCall.Listener::onComplete);
        }

        @Override
        public void onReady() {
            deliver(ServerCall.Listener::onReady);
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
