package dev.cohort.devgateway;

import io.grpc.Metadata;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway. Everything the caller sent goes on (notably {@code authorization} and the
 * W3C trace context {@code traceparent}/{@code tracestate}), except what belongs to one hop or to the gRPC
 * framing, which the next hop writes itself: copying {@code content-type} or {@code grpc-*} would, for one,
 * give gRPC-Web error answers two content types.
 *
 * <p>{@code x-forwarded-for} gets the connection's peer appended, as Envoy does with {@code use_remote_address:
 * true} and {@code xff_num_trusted_hops: 0}: whatever the caller wrote stays to the left of it, so a service that
 * trusts one proxy hop (the address this gateway appended, the first entry from the right) never takes a
 * client-written entry for the client's address.
 */
final class ForwardedHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "content-type", "content-length", "connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "upgrade", "te", "trailer", "host", "user-agent", "accept-encoding", "x-grpc-web", "x-user-agent",
            "access-control-request-method", "access-control-request-headers", "date", "server");

    /** Kept on answers: the google.rpc.Status details a REST or gRPC-Web client needs to read an error. */
    static final String STATUS_DETAILS = "grpc-status-details-bin";

    private ForwardedHeaders() {
    }

    static final Metadata.Key<String> FORWARDED_FOR =
            Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * The caller's headers that go to the service, with {@code peer} appended to {@code x-forwarded-for}. Without
     * a known peer (not over TCP) the caller's entries are dropped rather than passed on as if one were the peer.
     */
    static Metadata request(Metadata incoming, InetAddress peer) {
        Metadata forwarded = copy(incoming, false);
        Iterable<String> written = forwarded.removeAll(FORWARDED_FOR);
        if (peer != null) {
            List<String> hops = new ArrayList<>();
            if (written != null) {
                written.forEach(value -> {
                    if (!value.isBlank()) {
                        hops.add(value.strip());
                    }
                });
            }
            hops.add(peer.getHostAddress());
            forwarded.put(FORWARDED_FOR, String.join(", ", hops));
        }
        return forwarded;
    }

    /** The service's headers or trailers that go back to the caller ({@code grpc-status-details-bin} kept). */
    static Metadata response(Metadata upstream) {
        return copy(upstream, true);
    }

    private static Metadata copy(Metadata source, boolean keepStatusDetails) {
        Metadata copy = new Metadata();
        for (String name : source.keys()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!forwards(lower, keepStatusDetails)) {
                continue;
            }
            if (lower.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                Metadata.Key<byte[]> key = Metadata.Key.of(lower, Metadata.BINARY_BYTE_MARSHALLER);
                Iterable<byte[]> values = source.getAll(key);
                if (values != null) {
                    values.forEach(value -> copy.put(key, value));
                }
            } else {
                Metadata.Key<String> key = Metadata.Key.of(lower, Metadata.ASCII_STRING_MARSHALLER);
                Iterable<String> values = source.getAll(key);
                if (values != null) {
                    values.forEach(value -> copy.put(key, value));
                }
            }
        }
        return copy;
    }

    private static boolean forwards(String name, boolean keepStatusDetails) {
        if (name.startsWith(":") || HOP_BY_HOP.contains(name)) {
            return false;
        }
        if (name.startsWith("grpc-")) {
            return keepStatusDetails && name.equals(STATUS_DETAILS);
        }
        return true;
    }
}
