package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Kubernetes' gRPC probes ask by service name (deploy/istio): each served service answers for itself. */
class ServiceHealthTest {

    @Test
    void eachServedServiceIsServingByNameAndNotServingOnceShutdownBegins() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TestServerApplication.class)
                .properties("spring.grpc.server.port=0").run();
        HealthStatusManager manager = app.getBean(HealthStatusManager.class);
        int port = app.getBean(TestServerApplication.BoundPort.class).get();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            var health = HealthGrpc.newBlockingStub(channel);
            assertThat(check(health, "cohort.identity.v1.IdentityService")).isEqualTo(ServingStatus.SERVING);
            assertThat(check(health, "cohort.course.v1.CourseService")).isEqualTo(ServingStatus.SERVING);
            assertThat(check(health, "")).isEqualTo(ServingStatus.SERVING);
            StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
                    () -> check(health, "cohort.nothing.v1.NothingService"));
            assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        } finally {
            channel.shutdownNow();
            app.close();
        }
        // After close the server is gone; the status the probes would have seen during the drain stays in the manager.
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).addService(manager.getHealthService()).build().start();
        ManagedChannel inProcess = InProcessChannelBuilder.forName(name).build();
        try {
            var health = HealthGrpc.newBlockingStub(inProcess);
            assertThat(check(health, "cohort.identity.v1.IdentityService")).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(check(health, "")).isEqualTo(ServingStatus.NOT_SERVING);
        } finally {
            inProcess.shutdownNow();
            server.shutdownNow();
        }
    }

    private static ServingStatus check(HealthGrpc.HealthBlockingStub health, String service) {
        // A deadline per call (a stub's deadline is an instant, shared by every later call on it).
        return health.withDeadlineAfter(30, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }
}
