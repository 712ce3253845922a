package dev.cohort.identity.api;

import dev.cohort.grpc.server.InterceptorOrder;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Records the caller's network address for the sign-in throttle, with Envoy's {@code xff_num_trusted_hops}
 * semantics (ADR 0020). With {@code trustedProxyHops} = 0 the address is the connection's peer and
 * {@code x-forwarded-for} is ignored (anyone can write it). With N > 0 the peer is taken to be the last of N
 * trusted proxies, each of which appended the address it saw to the header: the client is the N-th entry from
 * the right. Entries further left were written by the client (or proxies we do not run) and are never believed,
 * so a client cannot choose its address. A header with fewer than N entries, or an entry that is not an IP
 * literal, falls back to the peer.
 */
public final class ClientAddress implements ServerInterceptor {

    /** Runs after trace/logging and before authentication. */
    public static final int ORDER = InterceptorOrder.TRACE_AND_LOG + 10;
    static final Context.Key<String> CONTEXT_KEY = Context.key("cohort-client-address");
    private static final Metadata.Key<String> FORWARDED_FOR =
            Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER);

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final int trustedProxyHops;

    public ClientAddress(int trustedProxyHops) {
        if (trustedProxyHops < 0) {
            throw new IllegalArgumentException("cohort.identity.trusted-proxy-hops must not be negative");
        }
        this.trustedProxyHops = trustedProxyHops;
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

    String addressOf(SocketAddress peer, Metadata headers) {
        if (trustedProxyHops > 0) {
            String forwarded = fromForwardedFor(headers.getAll(FORWARDED_FOR));
            if (forwarded != null) {
                return forwarded;
            }
        }
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return peer == null ? "unknown" : peer.toString();
    }

    /** The N-th entry from the right over every x-forwarded-for header in order; null if there is none such. */
    private String fromForwardedFor(Iterable<String> headerValues) {
        if (headerValues == null) {
            return null;
        }
        List<String> entries = new ArrayList<>();
        for (String value : headerValues) {
            for (String entry : value.split(",", -1)) {
                entries.add(entry.strip());
            }
        }
        if (entries.size() < trustedProxyHops) {
            return null;
        }
        return canonicalLiteral(entries.get(entries.size() - trustedProxyHops));
    }

    /**
     * The entry as an IP literal in canonical form (one address, one throttle key), or null. Only strings that can
     * be nothing but a literal reach {@link InetAddress#getByName}, so no name is ever looked up in DNS.
     */
    static String canonicalLiteral(String entry) {
        if (!IPV4.matcher(entry).matches() && !IPV6_CHARACTERS.matcher(entry).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(entry).getHostAddress();
        } catch (UnknownHostException notALiteral) {
            return null;
        }
    }
}
