package dev.cohort.devgateway;

import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.server.StatusMapper;
import io.grpc.MethodDescriptor;
import io.grpc.StatusException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * envoy.yaml's local_ratelimit at the local gateway (buckets per client address and per user, ADR 22): a call over its client's limit is answered
 * RESOURCE_EXHAUSTED (REST callers see it as HTTP 429, see {@link RpcStatusJson}) with {@code ErrorInfo}
 * reason {@code RATE_LIMITED} and a {@code RetryInfo} saying when the next token arrives. Counted by gRPC method,
 * so REST, gRPC-Web and gRPC calls of one RPC share a bucket, as they do behind Envoy's transcoder.
 */
final class EdgeRateLimit {

    static final String REASON = "RATE_LIMITED";

    /** Calls whose peer is unknown (not over TCP) share the buckets of the wildcard address. */
    private static final InetAddress UNKNOWN_PEER = new InetSocketAddress(0).getAddress();

    private final ClientRateLimiter limiter;
    private final StatusMapper statusMapper;

    EdgeRateLimit(ClientRateLimiter limiter, StatusMapper statusMapper) {
        this.limiter = limiter;
        this.statusMapper = statusMapper;
    }

    /**
     * Why this call is refused, or empty when its client is within the limits (the call then used them).
     *
     * @param client the peer's address; null when unknown
     * @param user   the subject of the call's verified access token; null when it has none
     */
    Optional<StatusException> refusal(MethodDescriptor<?, ?> method, InetAddress client, String user) {
        return limiter.take(client == null ? UNKNOWN_PEER : client, user, method.getFullMethodName())
                .map(this::status);
    }

    /** The seconds a client should wait, rounded up (a Retry-After of 0 would invite an immediate retry). */
    static long wholeSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private StatusException status(ClientRateLimiter.Refusal refused) {
        String message = "rate limit of " + refused.bucket() + " exceeded; retry in "
                + wholeSeconds(refused.retryAfter()) + " s";
        return statusMapper.map(new ResourceExhaustedException(REASON, message, refused.retryAfter()))
                .orElseThrow();
    }
}
