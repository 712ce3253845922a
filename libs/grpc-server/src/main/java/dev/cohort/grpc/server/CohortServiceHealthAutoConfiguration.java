package dev.cohort.grpc.server;

import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/**
 * Health by service name for Kubernetes' gRPC probes, whenever Boot's gRPC health service is on (the default,
 * {@code spring.grpc.server.health.enabled}). After Boot's health auto-configuration, whose status manager it feeds.
 */
@AutoConfiguration(afterName = "org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration")
public class CohortServiceHealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(HealthStatusManager.class)
    ServiceHealth cohortServiceHealth(HealthStatusManager health, ObjectProvider<BindableService> services) {
        return new ServiceHealth(health, services.orderedStream().toList());
    }
}
