package dev.cohort.grpc.client;

import dev.cohort.telemetry.CohortTelemetry;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Opens channels from one Cohort service to another outside Spring (tools, tests, plain Java). Spring Boot services
 * get the same conventions on every channel of Boot's {@code GrpcChannelFactory} through
 * {@link dev.cohort.grpc.client.autoconfigure.CohortGrpcClientAutoConfiguration}.
 *
 * <p>A channel from here:
 * <ul>
 *   <li>speaks plaintext HTTP/2: in the mesh the Istio sidecar wraps every connection in mTLS, and locally
 *       everything is on loopback;</li>
 *   <li>retries {@code UNAVAILABLE} only, through gRPC's service config ({@link RetryServiceConfig});</li>
 *   <li>gives each call without one the default deadline ({@link DefaultDeadlineInterceptor}) and sends the
 *       current trace on as {@code traceparent} (OpenTelemetry's gRPC instrumentation: with a service's
 *       {@link CohortTelemetry} each call is a CLIENT span; without one the caller's context is passed on as is);</li>
 *   <li>pings an idle connection that has calls in flight every {@link #KEEPALIVE_TIME} and drops it when no answer
 *       comes within {@link #KEEPALIVE_TIMEOUT}, so a dead peer behind a NAT or proxy is noticed in seconds
 *       (servers must permit pings this often: grpc-java's default permits one per 5 minutes);</li>
 *   <li>refuses responses larger than {@link #MAX_INBOUND_MESSAGE_BYTES}.</li>
 * </ul>
 * The transport is whichever gRPC channel provider is on the classpath (grpc-netty, from Boot's client starter).
 */
public final class CohortChannels {

    public static final Duration KEEPALIVE_TIME = Duration.ofSeconds(30);
    public static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;

    private CohortChannels() {
    }

    /** A channel to {@code target} (e.g. {@code "dns:///course:9103"} or {@code "localhost:9103"}) with these settings. */
    public static ManagedChannel forTarget(String target, ClientSettings settings) {
        return forTarget(target, settings, CohortTelemetry.propagationOnly());
    }

    /** A channel to {@code target} whose calls are CLIENT spans of {@code telemetry} (a service's own). */
    public static ManagedChannel forTarget(String target, ClientSettings settings, CohortTelemetry telemetry) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(settings, "settings");
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                .keepAliveTime(KEEPALIVE_TIME.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveWithoutCalls(false)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .defaultServiceConfig(RetryServiceConfig.forSettings(settings))
                .enableRetry()
                .intercept(interceptors(settings, telemetry));
        return builder.build();
    }

    /** A channel to {@code target} with {@link ClientSettings#defaults()}. */
    public static ManagedChannel forTarget(String target) {
        return forTarget(target, ClientSettings.defaults());
    }

    /**
     * The interceptors every Cohort channel carries, in the order {@link ManagedChannelBuilder#intercept(List)}
     * expects (it runs the last one first): the default deadline is set before anything else sees the call.
     */
    public static List<ClientInterceptor> interceptors(ClientSettings settings, CohortTelemetry telemetry) {
        return List.of(telemetry.grpcClientInterceptor(), new DefaultDeadlineInterceptor(settings.defaultDeadline()));
    }
}
