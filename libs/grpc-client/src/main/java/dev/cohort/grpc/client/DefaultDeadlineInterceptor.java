package dev.cohort.grpc.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Gives a call a deadline when nobody chose one, so no call can wait forever on a stuck peer.
 *
 * <p>A deadline the caller set in {@link CallOptions}, or one inherited from the current gRPC {@link Context}
 * (the deadline of the request this service is serving, which gRPC propagates on its own), is left exactly as it is:
 * this interceptor never lengthens nor shortens a deadline that is already there.
 */
public final class DefaultDeadlineInterceptor implements ClientInterceptor {

    private final Duration defaultDeadline;

    public DefaultDeadlineInterceptor(Duration defaultDeadline) {
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
            throw new IllegalArgumentException("defaultDeadline must be positive, but was " + defaultDeadline);
        }
        this.defaultDeadline = defaultDeadline;
    }

    /** The deadline applied to calls that have none. */
    public Duration defaultDeadline() {
        return defaultDeadline;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
            MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
        if (callOptions.getDeadline() == null && Context.current().getDeadline() == null) {
            callOptions = callOptions.withDeadlineAfter(defaultDeadline.toNanos(), TimeUnit.NANOSECONDS);
        }
        return next.newCall(method, callOptions);
    }
}
