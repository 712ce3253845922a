package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Every service's calls are counted per method and status and served for Prometheus on cohort.metrics.port. */
class MetricsTest {

    @Test
    void countsCallsPerMethodAndStatusAndServesThemForPrometheus() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TestServerApplication.class)
                .properties("spring.grpc.server.port=0", "cohort.metrics.port=0", "spring.application.name=metrics-test")
                .run();
        int port = app.getBean(TestServerApplication.BoundPort.class).get();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            var identity = IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            // An invalid request: answered INVALID_ARGUMENT by the validation interceptor, counted all the same.
            try {
                identity.register(RegisterRequest.newBuilder().setEmail("not an address").build());
            } catch (StatusRuntimeException expected) {
                assertThat(expected.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
            }
            int metricsPort = app.getBean(MetricsEndpoint.class).port();
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).containsPattern(
                    "grpc_server_processing_duration_seconds_count\\{[^}]*method=\"Register\"[^}]*"
                            + "service=\"cohort.identity.v1.IdentityService\"[^}]*statusCode=\"INVALID_ARGUMENT\"[^}]*} 1");
            assertThat(scrape.body()).contains("application=\"metrics-test\"").contains("jvm_memory_used_bytes");
            // Latency in the few fixed buckets the alert rules' p99 reads (deploy/observability).
            assertThat(scrape.body()).containsPattern(
                    "grpc_server_processing_duration_seconds_bucket\\{[^}]*method=\"Register\"[^}]*le=\"0\\.025\"} [01]");
        } finally {
            channel.shutdownNow();
            app.close();
        }
    }
}
