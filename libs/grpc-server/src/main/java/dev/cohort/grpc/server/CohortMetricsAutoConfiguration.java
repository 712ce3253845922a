package dev.cohort.grpc.server;

import io.grpc.Status.Code;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Metrics every service has: gRPC calls per service, method and status ({@code grpc_server_processing_duration_seconds},
 * {@code grpc_server_requests_received_messages_total}, {@code grpc_server_responses_sent_messages_total}, from
 * Micrometer's gRPC binder) and the JVM's memory, threads, classes and CPU, tagged with the application's name.
 * {@code cohort.metrics.port} serves them for Prometheus at /metrics; unset (the local stack, whose services share
 * one JVM) nothing listens.
 */
@AutoConfiguration
public class CohortMetricsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(MeterRegistry.class)
    PrometheusMeterRegistry cohortMeterRegistry(@Value("${spring.application.name:cohort}") String application) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Not "service": the gRPC binder's own tag names the gRPC service.
        registry.config().commonTags("application", application);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    @Bean
    @GlobalServerInterceptor
    @Order(InterceptorOrder.METRICS)
    MetricCollectingServerInterceptor cohortGrpcServerMetrics(MeterRegistry registry) {
        // Latency as a few fixed buckets (not Micrometer's ~70 percentile buckets per method and status), enough for
        // the alert rules' p99 (deploy/observability) and dashboards.
        return new MetricCollectingServerInterceptor(registry, UnaryOperator.identity(),
                timer -> timer.serviceLevelObjectives(LATENCY_BUCKETS), Code.OK);
    }

    @Bean
    @GlobalServerInterceptor
    @Order(InterceptorOrder.METRICS)
    OpenStreams cohortOpenStreams(MeterRegistry registry) {
        return new OpenStreams(registry);
    }

    /**
     * HikariCP's own pool metrics ({@code hikaricp_connections_active}, {@code _idle}, {@code _pending},
     * {@code _max}, {@code _timeout_total}, acquire and usage times) for every pool of the service. Boot binds them
     * only with the actuator, which services do not have; the tracker must be set before the pool starts.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HikariDataSource.class)
    static class PoolMetrics {

        @Bean
        static BeanPostProcessor cohortHikariMetrics(ObjectProvider<MeterRegistry> registry) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String beanName) {
                    if (bean instanceof HikariDataSource pool && pool.getMetricsTrackerFactory() == null
                            && pool.getMetricRegistry() == null) {
                        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry.getObject()));
                    }
                    return bean;
                }
            };
        }
    }

    private static final Duration[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty("cohort.metrics.port")
    MetricsEndpoint cohortMetricsEndpoint(PrometheusMeterRegistry registry, @Value("${cohort.metrics.port}") int port) {
        return new MetricsEndpoint(registry, port);
    }
}
