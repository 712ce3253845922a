package dev.cohort.grpc.server;

import build.buf.protovalidate.Config;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import dev.cohort.telemetry.CohortTelemetry;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

/**
 * Wires the server conventions into every service that has this library on its classpath. Runs before Spring gRPC's
 * server auto-configuration, so that its {@link GrpcServiceConfigurer} is the one the server uses.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration",
        afterName = "dev.cohort.telemetry.autoconfigure.CohortTelemetryAutoConfiguration")
public class CohortGrpcServerAutoConfiguration {

    /**
     * Spring gRPC's configurer (global interceptors, exception handling), with every service's requests then parsed
     * outside all of them by {@link RequestParsing}, so a request that does not parse is INVALID_ARGUMENT.
     */
    @Bean
    @ConditionalOnMissingBean(GrpcServiceConfigurer.class)
    GrpcServiceConfigurer cohortGrpcServiceConfigurer(ApplicationContext context, StatusMapper statusMapper) {
        return new ParsingServiceConfigurer(new DefaultGrpcServiceConfigurer(context), new RequestParsing(statusMapper));
    }

    /** Delegates, then wraps the configured service (outermost, around every interceptor). */
    static final class ParsingServiceConfigurer implements GrpcServiceConfigurer, InitializingBean {

        private final DefaultGrpcServiceConfigurer delegate;
        private final RequestParsing parsing;

        ParsingServiceConfigurer(DefaultGrpcServiceConfigurer delegate, RequestParsing parsing) {
            this.delegate = delegate;
            this.parsing = parsing;
        }

        @Override
        public void afterPropertiesSet() {
            delegate.afterPropertiesSet();
        }

        @Override
        public ServerServiceDefinition configure(GrpcServiceSpec spec, GrpcServerFactory serverFactory) {
            return parsing.answerParseFailures(delegate.configure(spec, serverFactory));
        }
    }

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
        // Native rules evaluate the standard rules in Java instead of CEL, with the same violations (ADR 0068).
        return ValidatorFactory.newBuilder()
                .withConfig(Config.newBuilder().setEnableNativeRules(true).build())
                .build();
    }

    /** OpenTelemetry's gRPC instrumentation: the call's span, current while its callbacks run. */
    @Bean
    @GlobalServerInterceptor
    @Order(InterceptorOrder.TRACING)
    ServerInterceptor cohortTracingServerInterceptor(ObjectProvider<CohortTelemetry> telemetry) {
        return telemetry.getIfAvailable(CohortTelemetry::propagationOnly).grpcServerInterceptor();
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
