package dev.cohort.grpc.client;

import static dev.cohort.grpc.client.testing.TestServer.Responder.alwaysFailing;
import static dev.cohort.grpc.client.testing.TestServer.Responder.answeringWithBytes;
import static dev.cohort.grpc.client.testing.TestServer.Responder.echoing;
import static dev.cohort.grpc.client.testing.TestServer.Responder.failingFirst;
import static dev.cohort.grpc.client.testing.TestServer.Responder.neverAnswering;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cohort.grpc.client.testing.TestServer;
import dev.cohort.telemetry.CohortTelemetry;
import dev.cohort.telemetry.TelemetrySettings;
import dev.cohort.telemetry.Traceparents;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Channels from {@link CohortChannels} against a real server on loopback. */
@Timeout(30) // a broken deadline must fail a test, not hang the build
class CohortChannelsTest {

    private static final io.grpc.Metadata.Key<String> TRACEPARENT =
            io.grpc.Metadata.Key.of("traceparent", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

    private TestServer server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private void connect(TestServer.Responder responder, ClientSettings settings) {
        server = TestServer.start(responder);
        channel = CohortChannels.forTarget(server.address(), settings);
    }

    private String say(String request) {
        return say(request, CallOptions.DEFAULT);
    }

    private String say(String request, CallOptions options) {
        return ClientCalls.blockingUnaryCall(channel, TestServer.SAY, options, request);
    }

    @Test
    void retriesUnavailableUntilTheServerAnswers() {
        connect(failingFirst(2, Status.UNAVAILABLE.withDescription("warming up")), ClientSettings.defaults());

        String answer = say("hello");

        assertThat(answer).isEqualTo("echo: hello");
        assertThat(server.attempts()).isEqualTo(3);
    }

    @Test
    void givesUpWithUnavailableAfterMaxAttempts() {
        connect(alwaysFailing(Status.UNAVAILABLE), ClientSettings.defaults());

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> say("hello"));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(server.attempts()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"INTERNAL", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED"})
    void doesNotRetryAnyOtherStatus(Status.Code code) {
        connect(failingFirst(1, Status.fromCode(code)), ClientSettings.defaults());

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> say("hello"));

        assertThat(failure.getStatus().getCode()).isEqualTo(code);
        assertThat(server.attempts()).isEqualTo(1);
    }

    @Test
    void oneAttemptTurnsRetriesOff() {
        connect(failingFirst(1, Status.UNAVAILABLE), ClientSettings.defaults().withMaxAttempts(1));

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> say("hello"));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(server.attempts()).isEqualTo(1);
    }

    @Test
    void callWithoutDeadlineEndsAfterTheDefaultDeadline() throws InterruptedException {
        // 1 s: long enough for the call to reach the server on a loaded CI machine, short enough to keep it quick.
        connect(neverAnswering(), ClientSettings.defaults().withDefaultDeadline(Duration.ofSeconds(1)));

        long start = System.nanoTime();
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> say("hello"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(elapsed).isBetween(Duration.ofMillis(950), Duration.ofSeconds(4));
        assertThat(server.lastDeadline()).hasValueSatisfying(
                left -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(server.awaitCancellation(5, TimeUnit.SECONDS)).as("server call cancelled at the deadline").isTrue();
        assertThat(server.attempts()).isEqualTo(1);
    }

    @Test
    void keepsTheCallersShorterDeadline() {
        connect(neverAnswering(), ClientSettings.defaults());

        long start = System.nanoTime();
        // 1.5 s: well under the 5 s default, and long enough for the call to reach the server on a busy machine.
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> say("hello", CallOptions.DEFAULT.withDeadlineAfter(1500, TimeUnit.MILLISECONDS)));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(elapsed).isLessThan(ClientSettings.DEFAULT_DEADLINE.minusSeconds(1));
        assertThat(server.lastDeadline()).hasValueSatisfying(
                left -> assertThat(left).isLessThanOrEqualTo(Duration.ofMillis(1500)));
    }

    @Test
    void keepsTheCallersLongerDeadline() {
        connect(echoing(), ClientSettings.defaults().withDefaultDeadline(Duration.ofMillis(300)));

        say("hello", CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));

        assertThat(server.lastDeadline()).hasValueSatisfying(
                left -> assertThat(left).isGreaterThan(Duration.ofSeconds(20)));
    }

    @Test
    void keepsTheDeadlineOfTheRequestBeingServed() throws Exception {
        connect(echoing(), ClientSettings.defaults());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Context.CancellableContext serving = Context.current().withDeadlineAfter(2, TimeUnit.SECONDS, scheduler);
        try {
            serving.call(() -> say("hello"));
        } finally {
            serving.cancel(null);
            scheduler.shutdownNow();
        }

        assertThat(server.lastDeadline()).hasValueSatisfying(
                left -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void passesTheCallersTraceOnWhenOpenedWithoutAServicesTelemetry() {
        connect(echoing(), ClientSettings.defaults());
        String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        try (Scope ignored = Traceparents.toContext(caller).makeCurrent()) {
            say("hello");
        }

        assertThat(server.lastHeaders().getAll(TRACEPARENT)).containsExactly(caller);
    }

    @Test
    void sendsNoTraceWhenNoneIsCurrentAndNoServiceTelemetryStartsOne() {
        connect(echoing(), ClientSettings.defaults());

        say("first");

        assertThat(server.lastHeaders().get(TRACEPARENT)).isNull();
    }

    @Test
    void withAServicesTelemetryEachCallIsANewSpanOfTheCallersTrace() throws Exception {
        String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (TestServer server = TestServer.start(echoing());
             CohortTelemetry telemetry = CohortTelemetry.create("caller", TelemetrySettings.off())) {
            ManagedChannel traced = CohortChannels.forTarget(server.address(), ClientSettings.defaults(), telemetry);
            try (Scope ignored = Traceparents.toContext(caller).makeCurrent()) {
                ClientCalls.blockingUnaryCall(traced, TestServer.SAY, CallOptions.DEFAULT, "hello");
            } finally {
                traced.shutdownNow();
            }

            SpanContext sent = Traceparents.spanContext(server.lastHeaders().get(TRACEPARENT));
            assertThat(sent.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(sent.getSpanId()).isNotEqualTo("00f067aa0ba902b7");
            assertThat(server.lastHeaders().getAll(TRACEPARENT)).hasSize(1);
        }
    }

    @Test
    void refusesResponsesOverFourMebibytes() {
        connect(answeringWithBytes(CohortChannels.MAX_INBOUND_MESSAGE_BYTES + 1), ClientSettings.defaults());

        assertThatThrownBy(() -> say("big"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(server.attempts()).isEqualTo(1);
    }
}
