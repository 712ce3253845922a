package dev.cohort.grpc.client.autoconfigure;

import static dev.cohort.grpc.client.testing.TestServer.Responder.echoing;
import static dev.cohort.grpc.client.testing.TestServer.Responder.failingFirst;
import static dev.cohort.grpc.client.testing.TestServer.Responder.neverAnswering;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cohort.grpc.client.ClientSettings;
import dev.cohort.grpc.client.testing.TestServer;
import dev.cohort.telemetry.Traceparents;
import dev.cohort.telemetry.autoconfigure.CohortTelemetryAutoConfiguration;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.GrpcChannelFactory;

/** The auto-configuration together with Boot's own gRPC client auto-configuration, as a service gets them. */
@Timeout(30) // a broken deadline must fail a test, not hang the build
class CohortGrpcClientAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class, GrpcClientAutoConfiguration.class, CohortGrpcClientAutoConfiguration.class,
                    CohortTelemetryAutoConfiguration.class));

    @Test
    void isRegisteredAsAnAutoConfiguration() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
                .contains(CohortGrpcClientAutoConfiguration.class.getName());
    }

    @Test
    void providesTheCustomizersAndBindsTheSettings() {
        runner.withPropertyValues(
                        "cohort.grpc.client.default-deadline=300ms",
                        "cohort.grpc.client.max-attempts=4",
                        "cohort.grpc.client.initial-backoff=50ms",
                        "cohort.grpc.client.max-backoff=1s",
                        "cohort.grpc.client.backoff-multiplier=1.5")
                .run(context -> {
                    assertThat(context).hasSingleBean(CohortChannelBuilderCustomizer.class);
                    assertThat(context).hasSingleBean(CohortServiceConfigCustomizer.class);
                    assertThat(context.getBeansOfType(GrpcChannelBuilderCustomizer.class).values())
                            .hasAtLeastOneElementOfType(CohortChannelBuilderCustomizer.class);
                    assertThat(context.getBean(ClientSettings.class)).isEqualTo(new ClientSettings(
                            Duration.ofMillis(300), 4, Duration.ofMillis(50), Duration.ofSeconds(1), 1.5));
                });
    }

    @Test
    void usesTheDefaultsWhenNothingIsSet() {
        runner.run(context -> assertThat(context.getBean(ClientSettings.class)).isEqualTo(ClientSettings.defaults()));
    }

    @Test
    void refusesToStartWithInvalidSettings() {
        runner.withPropertyValues("cohort.grpc.client.max-attempts=9").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxAttempts must be between 1 (no retry) and 5 (gRPC's cap on attempts), but was 9");
        });
    }

    @Test
    void canBeTurnedOff() {
        runner.withPropertyValues("cohort.grpc.client.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CohortChannelBuilderCustomizer.class);
            assertThat(context).doesNotHaveBean(CohortServiceConfigCustomizer.class);
        });
    }

    @Test
    void namedChannelsOfBootsFactoryRetryUnavailable() throws Exception {
        try (TestServer server = TestServer.start(failingFirst(2, Status.UNAVAILABLE))) {
            runner.withPropertyValues("spring.grpc.client.channel.course.target=static://" + server.address())
                    .run(context -> {
                        ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("course");

                        String answer = ClientCalls.blockingUnaryCall(channel, TestServer.SAY, CallOptions.DEFAULT, "hi");

                        assertThat(answer).isEqualTo("echo: hi");
                        assertThat(server.attempts()).isEqualTo(3);
                    });
        }
    }

    @Test
    void channelsOfBootsFactoryGetTheDefaultDeadlineAndATrace() throws Exception {
        try (TestServer server = TestServer.start(neverAnswering())) {
            runner.withPropertyValues(
                            "cohort.grpc.client.default-deadline=1s",
                            "spring.grpc.client.channel.course.target=static://" + server.address())
                    .run(context -> {
                        ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("course");

                        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                                () -> ClientCalls.blockingUnaryCall(channel, TestServer.SAY, CallOptions.DEFAULT, "hi"));

                        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                        assertThat(server.lastDeadline()).hasValueSatisfying(
                                left -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
                        assertThat(server.awaitCancellation(5, TimeUnit.SECONDS)).isTrue();
                        assertThat(Traceparents.spanContext(server.lastHeaders().get(
                                io.grpc.Metadata.Key.of("traceparent", io.grpc.Metadata.ASCII_STRING_MARSHALLER))).isValid()).isTrue();
                    });
        }
    }

    @Test
    void aChannelsOwnBootDeadlineWinsOverCohortsDefault() throws Exception {
        try (TestServer server = TestServer.start(echoing())) {
            runner.withPropertyValues(
                            "cohort.grpc.client.default-deadline=1s",
                            "spring.grpc.client.channel.reports.target=static://" + server.address(),
                            "spring.grpc.client.channel.reports.default.deadline=30s")
                    .run(context -> {
                        ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("reports");

                        ClientCalls.blockingUnaryCall(channel, TestServer.SAY, CallOptions.DEFAULT, "hi");

                        assertThat(server.lastDeadline()).hasValueSatisfying(
                                left -> assertThat(left).isGreaterThan(Duration.ofSeconds(20)));
                    });
        }
    }

    @Test
    void aChannelsOwnServiceConfigComposesWithCohortsRetryPolicy() throws Exception {
        try (TestServer server = TestServer.start(failingFirst(2, Status.UNAVAILABLE))) {
            runner.withPropertyValues(
                            "spring.grpc.client.channel.course.target=static://" + server.address(),
                            "spring.grpc.client.channel.course.service-config.method[0].name[0].service=cohort.other.v1.Other",
                            "spring.grpc.client.channel.course.service-config.method[0].timeout=1s")
                    .run(context -> {
                        ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("course");

                        String answer = ClientCalls.blockingUnaryCall(channel, TestServer.SAY, CallOptions.DEFAULT, "hi");

                        assertThat(answer).isEqualTo("echo: hi");
                        assertThat(server.attempts()).isEqualTo(3);
                    });
        }
    }

    @Test
    void aChannelsOwnMethodConfigWinsForTheMethodsItNames() throws Exception {
        try (TestServer server = TestServer.start(failingFirst(2, Status.UNAVAILABLE))) {
            String method = "spring.grpc.client.channel.course.service-config.method[0].";
            runner.withPropertyValues(
                            "spring.grpc.client.channel.course.target=static://" + server.address(),
                            method + "name[0].service=cohort.test.Echo",
                            method + "retry.max-attempts=2",
                            method + "retry.initial-backoff=10ms",
                            method + "retry.max-backoff=10ms",
                            method + "retry.backoff-multiplier=1.0",
                            method + "retry.retryable-status-codes=UNAVAILABLE")
                    .run(context -> {
                        ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("course");

                        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                                () -> ClientCalls.blockingUnaryCall(channel, TestServer.SAY, CallOptions.DEFAULT, "hi"));

                        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(server.attempts()).isEqualTo(2);
                    });
        }
    }
}
