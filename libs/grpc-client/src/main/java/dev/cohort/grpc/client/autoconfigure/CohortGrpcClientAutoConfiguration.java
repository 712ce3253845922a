package dev.cohort.grpc.client.autoconfigure;

import dev.cohort.grpc.client.ClientSettings;
import dev.cohort.telemetry.CohortTelemetry;
import io.grpc.ManagedChannelBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Applies Cohort's client conventions (see {@link dev.cohort.grpc.client.CohortChannels}) to every channel Boot's
 * {@link GrpcChannelFactory} creates, named ({@code spring.grpc.client.channel.<name>.target}) or by address.
 * Turned off with {@code cohort.grpc.client.enabled=false}.
 */
@AutoConfiguration(before = GrpcClientAutoConfiguration.class,
        afterName = "dev.cohort.telemetry.autoconfigure.CohortTelemetryAutoConfiguration")
@ConditionalOnClass({GrpcChannelFactory.class, GrpcClientProperties.class})
@ConditionalOnBooleanProperty(name = "cohort.grpc.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CohortGrpcClientProperties.class)
public class CohortGrpcClientAutoConfiguration {

    /** The validated settings; services that open channels by hand pass it to {@code CohortChannels.forTarget}. */
    @Bean
    @ConditionalOnMissingBean
    ClientSettings cohortClientSettings(CohortGrpcClientProperties properties) {
        return properties.toSettings();
    }

    @Bean
    CohortServiceConfigCustomizer cohortServiceConfigCustomizer(ClientSettings settings) {
        return new CohortServiceConfigCustomizer(settings);
    }

    @Bean
    <T extends ManagedChannelBuilder<T>> CohortChannelBuilderCustomizer<T> cohortChannelBuilderCustomizer(
            ClientSettings settings, ObjectProvider<GrpcClientProperties> bootProperties,
            ObjectProvider<CohortTelemetry> telemetry) {
        return new CohortChannelBuilderCustomizer<>(settings, bootProperties.getIfAvailable(),
                telemetry.getIfAvailable(CohortTelemetry::propagationOnly));
    }
}
