package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.RegisterResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class GracefulShutdownTest {

    @Test
    void letsAnInFlightCallFinishWhileRefusingNewOnesDuringShutdown() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TestServerApplication.class)
                .properties("spring.grpc.server.port=0", "spring.grpc.server.shutdown.grace-period=20s")
                .run();
        FakeIdentityService service = app.getBean(FakeIdentityService.class);
        int port = app.getBean(TestServerApplication.BoundPort.class).get();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        var identity = IdentityServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        try {
            var inFlight = identity.register(RegisterRequest.newBuilder()
                    .setEmail("ada@example.org").setPassword("correct horse battery").setDisplayName("slow").build());
            assertThat(service.slowCallStarted.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(app::close);
            // Once the server stops accepting, a fresh connection is refused while the slow call is still held.
            ManagedChannel late = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                    try {
                        IdentityServiceGrpc.newBlockingStub(late).withDeadlineAfter(2, TimeUnit.SECONDS)
                                .register(RegisterRequest.newBuilder().setEmail("b@example.org")
                                        .setPassword("correct horse battery").setDisplayName("late").build());
                        return false;
                    } catch (io.grpc.StatusRuntimeException refused) {
                        return refused.getStatus().getCode() == Status.Code.UNAVAILABLE;
                    }
                });
            } finally {
                late.shutdownNow();
            }
            assertThat(inFlight.isDone()).as("in-flight call still running during shutdown").isFalse();

            service.releaseSlowCall.countDown();
            RegisterResponse response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.getUser().getDisplayName()).isEqualTo("slow");
            shutdown.get(20, TimeUnit.SECONDS);
        } finally {
            service.releaseSlowCall.countDown();
            channel.shutdownNow();
            app.close();
        }
    }
}
