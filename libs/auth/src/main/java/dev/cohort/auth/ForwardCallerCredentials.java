package dev.cohort.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Calls made while serving a request carry the caller's own access token, so the downstream service authorises
 * the end user (least privilege), not the calling service. Outside a request nothing is added.
 */
public final class ForwardCallerCredentials implements ClientInterceptor {

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                Caller.current().ifPresent(caller -> {
                    headers.discardAll(AuthInterceptor.AUTHORIZATION);
                    headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + caller.accessToken());
                });
                super.start(listener, headers);
            }
        };
    }
}
