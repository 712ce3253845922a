package dev.cohort.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ForwardCallerCredentialsTest {

    final AtomicReference<Metadata> sent = new AtomicReference<>();
    final Channel recording = new Channel() {
        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            return new ClientCall<>() {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    sent.set(headers);
                }

                @Override
                public void request(int messages) {
                }

                @Override
                public void cancel(String message, Throwable cause) {
                }

                @Override
                public void halfClose() {
                }

                @Override
                public void sendMessage(Q message) {
                }
            };
        }

        @Override
        public String authority() {
            return "test";
        }
    };

    void call() {
        new ForwardCallerCredentials().interceptCall(AuthInterceptorTest.UNDECLARED, CallOptions.DEFAULT, recording)
                .start(new ClientCall.Listener<>() { }, new Metadata());
    }

    @Test
    void forwardsTheTokenOfTheCallerBeingServed() throws Exception {
        Caller caller = new Caller("user-1", Set.of(), "jti", "sid", Instant.now(), "the.caller.token", true);

        Context.current().withValue(Caller.CONTEXT_KEY, caller).run(this::call);

        assertThat(sent.get().get(AuthInterceptor.AUTHORIZATION)).isEqualTo("Bearer the.caller.token");
    }

    @Test
    void addsNothingOutsideARequest() {
        call();

        assertThat(sent.get().get(AuthInterceptor.AUTHORIZATION)).isNull();
    }
}
