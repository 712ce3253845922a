package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = TestServerApplication.class,
        properties = {"spring.grpc.server.port=0", "spring.application.name=fake"})
class ServerConventionsTest {

    @Autowired
    TestServerApplication.BoundPort port;
    @Autowired
    FakeIdentityService service;

    ManagedChannel channel;
    IdentityServiceGrpc.IdentityServiceBlockingStub identity;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port.get()).usePlaintext().build();
        identity = IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        service.invocations.set(0);
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    private static RegisterRequest.Builder validRequest(String displayName) {
        return RegisterRequest.newBuilder()
                .setEmail("ada@example.org").setPassword("correct horse battery").setDisplayName(displayName);
    }

    @Test
    void rejectsAnInvalidRequestWithFieldViolationsBeforeTheHandlerRuns() {
        RegisterRequest bad = RegisterRequest.newBuilder().setEmail("not-an-email").setPassword("short").setDisplayName("x").build();

        StatusRuntimeException error = catchStatus(() -> identity.register(bad));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        BadRequest details = detail(error, BadRequest.class);
        assertThat(details.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
                .containsExactlyInAnyOrder("email", "password");
        assertThat(details.getFieldViolationsList()).allSatisfy(v -> assertThat(v.getDescription()).isNotBlank());
        assertThat(detail(error, ErrorInfo.class).getReason()).isEqualTo("REQUEST_INVALID");
        assertThat(service.invocations.get()).isZero();
    }

    @Test
    void mapsABusinessErrorToItsCanonicalCodeWithErrorInfo() {
        StatusRuntimeException error = catchStatus(() -> identity.register(validRequest("missing").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(error.getStatus().getDescription()).isEqualTo("no such user");
        ErrorInfo info = detail(error, ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("USER_NOT_FOUND");
        assertThat(info.getDomain()).isEqualTo("fake.cohort.dev");
        assertThat(info.getMetadataMap()).containsEntry("userId", "u-1");
    }

    @Test
    void tellsARateLimitedCallerWhenToRetry() {
        StatusRuntimeException error = catchStatus(() -> identity.register(validRequest("exhausted").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(detail(error, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(42);
    }

    @Test
    void promisesNoRetryForALimitThatRetryingCannotLift() {
        StatusRuntimeException error = catchStatus(() -> identity.register(validRequest("too-large").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(StatusProto.fromThrowable(error).getDetailsList()).noneMatch(any -> any.is(RetryInfo.class));
        assertThat(detail(error, ErrorInfo.class).getReason()).isEqualTo("TOO_LARGE");
    }

    @Test
    void hidesTheDetailsOfAnUnexpectedFailure() {
        StatusRuntimeException error = catchStatus(() -> identity.register(validRequest("boom").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(error.getStatus().getDescription()).isEqualTo("internal error").doesNotContain("hunter2");
    }

    @Test
    void answersAHandlerWhoseDatabaseRefusesConnectionsWithRetryableUnavailable() {
        StatusRuntimeException error = catchStatus(() -> identity.register(validRequest("database-down").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(error.getStatus().getDescription()).doesNotContain("127.0.0.1", "Connection", "Hikari", "jdbc");
        ErrorInfo info = detail(error, ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo(StatusMapper.TEMPORARILY_UNAVAILABLE);
        assertThat(info.getDomain()).isEqualTo("fake.cohort.dev");
    }

    @Test
    void adoptsTheCallersTraceIdForTheHandlerAndItsLogs() {
        Metadata headers = new Metadata();
        headers.put(io.grpc.Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        identity.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).register(validRequest("Ada").build());

        assertThat(service.seenTraceId.get()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(service.seenMdcTraceId.get()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void startsATraceWhenTheCallerSentNone() {
        identity.register(validRequest("Ada").build());

        assertThat(service.seenTraceId.get()).matches("[0-9a-f]{32}");
    }

    @Test
    void servesHealthChecksAndReflection() throws Exception {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(io.grpc.reflection.v1.ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable error) {
                        services.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        assertThat(services.get(10, TimeUnit.SECONDS)).contains("cohort.identity.v1.IdentityService", "grpc.health.v1.Health");
    }

    static StatusRuntimeException catchStatus(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException error) {
            return error;
        }
        throw new AssertionError("expected the call to fail");
    }

    static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException error, Class<T> type) {
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        assertThat(status).as("google.rpc.Status in trailers").isNotNull();
        return status.getDetailsList().stream()
                .filter(any -> any.is(type))
                .findFirst()
                .map(any -> {
                    try {
                        return any.unpack(type);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                })
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " detail"));
    }
}
