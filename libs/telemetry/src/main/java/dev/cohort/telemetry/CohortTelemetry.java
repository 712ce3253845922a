package dev.cohort.telemetry;

import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A process's tracing: one OpenTelemetry SDK named after the service, and the instrumentation every Cohort process
 * applies the same way (gRPC server and client, JDBC). Spring services get it from
 * {@link dev.cohort.telemetry.autoconfigure.CohortTelemetryAutoConfiguration}; the local gateway and tools create it
 * with {@link #create}. Several services in one JVM (the local stack) each have their own, so every span names its
 * service.
 *
 * <p>Not exporting (the default), spans are never sampled: the SDK still gives each new request a trace id and reads
 * and writes {@code traceparent}, so logs and downstream calls line up, but nothing is recorded, and JDBC is not
 * wrapped at all.
 */
public final class CohortTelemetry implements AutoCloseable {

    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    static final Duration EXPORT_DELAY = Duration.ofSeconds(1);

    private static final CohortTelemetry PROPAGATION_ONLY = new CohortTelemetry(
            OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance())), null, false);

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;
    private final boolean recording;
    private final GrpcTelemetry grpc;

    private CohortTelemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, boolean recording) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.recording = recording;
        this.grpc = GrpcTelemetry.create(openTelemetry);
    }

    /** The tracing of the process (or in-JVM service) {@code serviceName}, exporting as {@code settings} say. */
    public static CohortTelemetry create(String serviceName, TelemetrySettings settings) {
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))));
        if (settings.exporting()) {
            tracing.setSampler(Sampler.parentBased(new EntryPointSampler(settings.samplingRatio())));
            tracing.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(tracesUrl(settings.otlpEndpoint().orElseThrow()))
                            .build())
                    .setScheduleDelay(EXPORT_DELAY)
                    .build());
        } else {
            tracing.setSampler(Sampler.alwaysOff());
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new CohortTelemetry(sdk, sdk, settings.exporting());
    }

    /**
     * Context propagation without an SDK: for channels opened outside a service (tools, tests). Calls carry the
     * caller's current trace on; no trace starts here.
     */
    public static CohortTelemetry propagationOnly() {
        return PROPAGATION_ONLY;
    }

    static String tracesUrl(String endpoint) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base.endsWith("/v1/traces") ? base : base + "/v1/traces";
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Whether spans are recorded and exported (an OTLP endpoint is configured). */
    public boolean recording() {
        return recording;
    }

    /** A SERVER span per call, in the caller's trace; the span is current while the call's callbacks run. */
    public ServerInterceptor grpcServerInterceptor() {
        return grpc.createServerInterceptor();
    }

    /** A CLIENT span per call, child of the current span, and its {@code traceparent} sent with the call. */
    public ClientInterceptor grpcClientInterceptor() {
        return grpc.createClientInterceptor();
    }

    /** {@code dataSource} with a CLIENT span per statement while recording; unchanged otherwise. */
    public DataSource traced(DataSource dataSource) {
        if (!recording) {
            return dataSource;
        }
        return JdbcTelemetry.builder(openTelemetry).setDataSourceInstrumenterEnabled(false).build().wrap(dataSource);
    }

    /** Exports what is still buffered, then stops. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
