package dev.cohort.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.telemetry.OtlpTraceReceiver;
import dev.cohort.testkit.telemetry.OtlpTraceReceiver.ReceivedSpan;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Two "services" in one JVM, each with its own {@link CohortTelemetry}, one calling the other over in-process gRPC;
 * the callee runs a statement on a traced DataSource of a real PostgreSQL database. Spans go over OTLP/HTTP to an
 * in-test receiver.
 */
class CohortTelemetryTest {

    private final List<AutoCloseable> toClose = new java.util.ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        java.util.Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void oneTraceHoldsTheCallersClientSpanTheCalleesServerSpanAndItsStatement() throws Exception {
        OtlpTraceReceiver receiver = closing(OtlpTraceReceiver.start());
        CohortTelemetry caller = closing(CohortTelemetry.create("caller", TelemetrySettings.exportingTo(receiver.endpoint())));
        CohortTelemetry callee = closing(CohortTelemetry.create("callee", TelemetrySettings.exportingTo(receiver.endpoint())));
        DataSource database = callee.traced(TestPostgres.shared().createDatabase("telemetry").dataSource());
        AtomicReference<String> mdcTraceInHandler = new AtomicReference<>();
        HealthGrpc.HealthBlockingStub stub = stubFor(callee, caller, database, mdcTraceInHandler);

        Span request = caller.openTelemetry().getTracer("test").spanBuilder("incoming request")
                .setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = request.makeCurrent()) {
            stub.check(HealthCheckRequest.getDefaultInstance());
        } finally {
            request.end();
        }

        String traceId = request.getSpanContext().getTraceId();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.trace(traceId).size() >= 4);
        List<ReceivedSpan> trace = receiver.trace(traceId);
        ReceivedSpan client = only(trace, "caller", io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
        ReceivedSpan server = only(trace, "callee", io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan statement = trace.stream().filter(span -> "postgresql".equals(span.attribute("db.system.name"))
                || "postgresql".equals(span.attribute("db.system"))).findFirst().orElseThrow();
        assertThat(client.name()).isEqualTo("grpc.health.v1.Health/Check");
        assertThat(client.parentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(server.parentSpanId()).isEqualTo(client.spanId());
        assertThat(statement.service()).isEqualTo("callee");
        assertThat(statement.parentSpanId()).isEqualTo(server.spanId());
        assertThat(mdcTraceInHandler.get()).isEqualTo(traceId);
    }

    @Test
    void withoutAnEndpointNothingIsRecordedButTheTraceIdStillReachesTheCallee() throws Exception {
        OtlpTraceReceiver receiver = closing(OtlpTraceReceiver.start());
        CohortTelemetry caller = closing(CohortTelemetry.create("caller", TelemetrySettings.off()));
        CohortTelemetry callee = closing(CohortTelemetry.create("callee", TelemetrySettings.off()));
        DataSource plain = TestPostgres.shared().createDatabase("telemetry_off").dataSource();
        AtomicReference<String> mdcTraceInHandler = new AtomicReference<>();
        HealthGrpc.HealthBlockingStub stub = stubFor(callee, caller, callee.traced(plain), mdcTraceInHandler);

        Span request = caller.openTelemetry().getTracer("test").spanBuilder("incoming request")
                .setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = request.makeCurrent()) {
            stub.check(HealthCheckRequest.getDefaultInstance());
        } finally {
            request.end();
        }

        assertThat(request.isRecording()).isFalse();
        assertThat(request.getSpanContext().isValid()).isTrue();
        assertThat(mdcTraceInHandler.get()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(callee.traced(plain)).isSameAs(plain);
        assertThat(receiver.spans()).isEmpty();
    }

    @Test
    void workThatNoRequestStartedIsNotRecorded() throws Exception {
        OtlpTraceReceiver receiver = closing(OtlpTraceReceiver.start());
        CohortTelemetry service = closing(CohortTelemetry.create("service", TelemetrySettings.exportingTo(receiver.endpoint())));

        Span backgroundStatement = service.openTelemetry().getTracer("test").spanBuilder("SELECT outbox")
                .setSpanKind(SpanKind.CLIENT).startSpan();
        backgroundStatement.end();
        Span consumedEvent = service.openTelemetry().getTracer("test").spanBuilder("topic process")
                .setSpanKind(SpanKind.CONSUMER).startSpan();
        consumedEvent.end();

        assertThat(backgroundStatement.getSpanContext().isSampled()).isFalse();
        assertThat(consumedEvent.getSpanContext().isSampled()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.spans().isEmpty());
        assertThat(receiver.spans()).extracting(ReceivedSpan::name).containsExactly("topic process");
    }

    @Test
    void aTraceparentSurvivesTextAndBack() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        assertThat(Traceparents.of(Traceparents.toContext(traceparent))).contains(traceparent);
        assertThat(Traceparents.spanContext("not a traceparent").isValid()).isFalse();
        assertThat(Traceparents.current()).isEmpty();
    }

    private HealthGrpc.HealthBlockingStub stubFor(CohortTelemetry callee, CohortTelemetry caller, DataSource database,
                                                  AtomicReference<String> mdcTraceInHandler) throws Exception {
        String name = InProcessServerBuilder.generateName();
        ServerServiceDefinition health = ServerServiceDefinition.builder(HealthGrpc.getServiceDescriptor())
                .addMethod(HealthGrpc.getCheckMethod(), ServerCalls.asyncUnaryCall((request, response) -> {
                    try (TraceMdc ignored = TraceMdc.ofCurrentSpan()) {
                        mdcTraceInHandler.set(MDC.get(TraceMdc.TRACE_ID));
                        selectOne(database);
                    }
                    response.onNext(HealthCheckResponse.newBuilder()
                            .setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
                    response.onCompleted();
                }))
                .addMethod(HealthGrpc.getWatchMethod(), ServerCalls.asyncServerStreamingCall(
                        (request, response) -> response.onCompleted()))
                .build();
        Server server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(health, callee.grpcServerInterceptor())).build().start();
        toClose.add(server::shutdownNow);
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor()
                .intercept(caller.grpcClientInterceptor()).build();
        toClose.add(channel::shutdownNow);
        return HealthGrpc.newBlockingStub(channel);
    }

    private static void selectOne(DataSource database) {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("select 1");
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, String service,
                                     io.opentelemetry.proto.trace.v1.Span.SpanKind kind) {
        List<ReceivedSpan> matching = trace.stream()
                .filter(span -> span.service().equals(service) && span.kind() == kind).toList();
        assertThat(matching).as("%s spans of %s in %s", kind, service, trace).hasSize(1);
        return matching.get(0);
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }
}
