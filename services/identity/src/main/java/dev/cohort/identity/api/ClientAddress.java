package dev.cohort.identity.api;

import dev.cohort.grpc.server.InterceptorOrder;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Records the caller's network address for the sign-in throttle. Behind a trusted gateway the address is the
 * first hop of {@code x-forwarded-for}; otherwise it is the peer of the connection (a client could forge the
 * header, so it is only believed when the deployment says so).
 */
public final class ClientAddress implements ServerInterceptor {

    /** Runs after trace/logging and before authentication. */
    public static final int ORDER = InterceptorOrder.TRACE_AND_LOG + 10;
    static final Context.Key<String> CONTEXT_KEY = Context.key("cohort-client-address");
    private static final Metadata.Key<String> FORWARDED_FOR =
            Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER);

    private final boolean trustForwardedFor;

    public ClientAddress(boolean trustForwardedFor) {
        this.trustForwardedFor = trustForwardedFor;
    }

    /** The address of the current call's client; "unknown" outside a call. */
    public static String current() {
        String address = CONTEXT_KEY.get();
        return address == null ? "unknown" : address;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String address = addressOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), headers);
        return Contexts.interceptCall(Context.current().withValue(CONTEXT_KEY, address), call, headers, next);
    }

    private String addressOf(SocketAddress peer, Metadata headers) {
        if (trustForwardedFor) {
            String forwarded = headers.get(FORWARDED_FOR);
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].strip();
            }
        }
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return peer == null ? "unknown" : peer.toString();
    }
}
