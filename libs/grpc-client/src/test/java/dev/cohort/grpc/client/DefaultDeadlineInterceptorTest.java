package dev.cohort.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.grpc.client.testing.TestServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Metadata;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deadline decision alone, against a channel that only records the call options it gets. */
class DefaultDeadlineInterceptorTest {

    private final DefaultDeadlineInterceptor interceptor = new DefaultDeadlineInterceptor(Duration.ofSeconds(5));

    @Test
    void appliesTheDefaultWhenTheCallHasNoDeadline() {
        CallOptions seen = optionsSeenFor(CallOptions.DEFAULT);

        assertThat(seen.getDeadline()).isNotNull();
        assertThat(seen.getDeadline().timeRemaining(TimeUnit.MILLISECONDS)).isBetween(4_000L, 5_000L);
    }

    @Test
    void leavesADeadlineSetByTheCallerUntouched() {
        Deadline shorter = Deadline.after(100, TimeUnit.MILLISECONDS);
        Deadline longer = Deadline.after(1, TimeUnit.MINUTES);

        assertThat(optionsSeenFor(CallOptions.DEFAULT.withDeadline(shorter)).getDeadline()).isSameAs(shorter);
        assertThat(optionsSeenFor(CallOptions.DEFAULT.withDeadline(longer)).getDeadline()).isSameAs(longer);
    }

    @Test
    void addsNothingWhenTheCurrentContextHasADeadline() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Context.CancellableContext serving = Context.current().withDeadlineAfter(1, TimeUnit.MINUTES, scheduler);
        try {
            CallOptions seen = serving.call(() -> optionsSeenFor(CallOptions.DEFAULT));

            // gRPC itself sends the context's deadline; a default here could only cut it short.
            assertThat(seen.getDeadline()).isNull();
        } finally {
            serving.cancel(null);
            scheduler.shutdownNow();
        }
    }

    @Test
    void rejectsANonPositiveDefault() {
        assertThatThrownBy(() -> new DefaultDeadlineInterceptor(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultDeadline must be positive, but was PT0S");
    }

    private CallOptions optionsSeenFor(CallOptions options) {
        RecordingChannel channel = new RecordingChannel();
        interceptor.interceptCall(TestServer.SAY, options, channel);
        return channel.options;
    }

    private static final class RecordingChannel extends Channel {
        private CallOptions options;

        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions callOptions) {
            this.options = callOptions;
            return new ClientCall<>() {
                @Override
                public void start(Listener<RespT> listener, Metadata headers) {
                }

                @Override
                public void request(int numMessages) {
                }

                @Override
                public void cancel(String message, Throwable cause) {
                }

                @Override
                public void halfClose() {
                }

                @Override
                public void sendMessage(ReqT message) {
                }
            };
        }

        @Override
        public String authority() {
            return "test";
        }
    }
}
