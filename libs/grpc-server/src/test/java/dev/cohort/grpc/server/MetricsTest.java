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

    @Test
    void countsOpenStreamsAndServesThePoolsMetrics() throws Exception {
        var database = dev.cohort.testkit.TestPostgres.shared().createDatabase("metrics_pool");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TestServerApplication.class)
                .properties("spring.grpc.server.port=0", "cohort.metrics.port=0", "spring.application.name=metrics-test")
                .initializers(context -> ((org.springframework.context.support.GenericApplicationContext) context)
                        .registerBean("testPool", com.zaxxer.hikari.HikariDataSource.class, () -> pool(database)))
                .run();
        int port = app.getBean(TestServerApplication.BoundPort.class).get();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        io.grpc.Context.CancellableContext watching = io.grpc.Context.current().withCancellation();
        try (java.sql.Connection ignored = app.getBean(javax.sql.DataSource.class).getConnection()) {
            var updates = new java.util.concurrent.LinkedBlockingQueue<io.grpc.health.v1.HealthCheckResponse>();
            watching.run(() -> io.grpc.health.v1.HealthGrpc.newStub(channel).watch(
                    io.grpc.health.v1.HealthCheckRequest.getDefaultInstance(), new io.grpc.stub.StreamObserver<>() {
                        @Override
                        public void onNext(io.grpc.health.v1.HealthCheckResponse value) {
                            updates.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    }));
            assertThat(updates.poll(30, TimeUnit.SECONDS)).isNotNull(); // the stream is open on the server

            String openStream = "cohort_grpc_server_open_streams\\{[^}]*method=\"grpc.health.v1.Health/Watch\"[^}]*} ";
            assertThat(scrape(app)).containsPattern(openStream + "1")
                    .containsPattern("hikaricp_connections_active\\{[^}]*pool=\"[^\"]+\"[^}]*} 1")
                    .contains("hikaricp_connections_max", "hikaricp_connections_pending");

            watching.cancel(null);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(scrape(app)).containsPattern(openStream + "0"));
        } finally {
            watching.cancel(null);
            channel.shutdownNow();
            app.close();
        }
    }

    private static com.zaxxer.hikari.HikariDataSource pool(dev.cohort.testkit.TestDatabase database) {
        var pool = new com.zaxxer.hikari.HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(2);
        return pool;
    }

    private static String scrape(ConfigurableApplicationContext app) throws Exception {
        int metricsPort = app.getBean(MetricsEndpoint.class).port();
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body();
    }
}
