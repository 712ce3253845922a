package dev.cohort.telemetry.autoconfigure;

import dev.cohort.telemetry.CohortTelemetry;
import dev.cohort.telemetry.TelemetrySettings;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Tracing for every Cohort service, the same way (ADR 61): one {@link CohortTelemetry} named after
 * {@code spring.application.name}, exporting over OTLP/HTTP to {@code cohort.telemetry.otlp.endpoint} (else
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}; unset, nothing is exported), and the application's {@link DataSource} traced.
 * The gRPC server and client conventions ({@code libs/grpc-server}, {@code libs/grpc-client}), the events library and
 * the Redis client take their instrumentation from this bean.
 */
@AutoConfiguration
public class CohortTelemetryAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    CohortTelemetry cohortTelemetry(
            @Value("${spring.application.name:cohort}") String service,
            @Value("${cohort.telemetry.otlp.endpoint:${" + TelemetrySettings.OTLP_ENDPOINT_VARIABLE + ":}}") String endpoint,
            @Value("${cohort.telemetry.sampling-ratio:1.0}") double samplingRatio) {
        return CohortTelemetry.create(service, new TelemetrySettings(Optional.of(endpoint), samplingRatio));
    }

    /** Wraps each DataSource once it is built (a no-op unless recording): every statement gets a span. */
    @Bean
    static BeanPostProcessor cohortTracedDataSources(ObjectProvider<CohortTelemetry> telemetry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource) {
                    return telemetry.getObject().traced(dataSource);
                }
                return bean;
            }
        };
    }
}
