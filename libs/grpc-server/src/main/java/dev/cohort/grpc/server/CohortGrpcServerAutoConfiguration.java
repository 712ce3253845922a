package dev.cohort.grpc.server;

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/** Wires the server conventions into every service that has this library on its classpath. */
@AutoConfiguration
public class CohortGrpcServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StatusMapper cohortStatusMapper(
            @Value("${cohort.grpc.error-domain:${spring.application.name:cohort}.cohort.dev}") String errorDomain) {
        return new StatusMapper(errorDomain);
    }

    @Bean
    CohortExceptionHandler cohortExceptionHandler(StatusMapper statusMapper) {
        return new CohortExceptionHandler(statusMapper);
    }

    @Bean
    @ConditionalOnMissingBean
    Validator protoValidator() {
        return ValidatorFactory.newBuilder().build();
    }

    @Bean
    @GlobalServerInterceptor
    @Order(InterceptorOrder.TRACE_AND_LOG)
    RequestLoggingInterceptor cohortRequestLoggingInterceptor() {
        return new RequestLoggingInterceptor();
    }

    @Bean
    @GlobalServerInterceptor
    @Order(InterceptorOrder.VALIDATION)
    ValidationInterceptor cohortValidationInterceptor(Validator validator, StatusMapper statusMapper) {
        return new ValidationInterceptor(validator, statusMapper);
    }
}
