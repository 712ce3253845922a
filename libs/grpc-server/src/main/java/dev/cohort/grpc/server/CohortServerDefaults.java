package dev.cohort.grpc.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every Cohort service shares, added with the lowest precedence so that a service's own
 * configuration, the environment and the command line all override them.
 */
public final class CohortServerDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "cohortServerDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // Logs are JSON (Elastic Common Schema); the MDC's traceId and spanId travel in every line.
        defaults.put("logging.structured.format.console", "ecs");
        // In-flight calls get this long to finish on shutdown; new calls are refused at once.
        defaults.put("spring.grpc.server.shutdown.grace-period", "10s");
        defaults.put("spring.grpc.server.health.enabled", "true");
        defaults.put("spring.grpc.server.reflection.enabled", "true");
        // Bounded input: no request message above 4 MiB, no header block above 8 KiB.
        defaults.put("spring.grpc.server.inbound.message.max-size", "4MB");
        defaults.put("spring.grpc.server.inbound.metadata.max-size", "8KB");
        // Keepalive: clients may ping every 20 s even when idle (streams behind proxies), idle connections close.
        defaults.put("spring.grpc.server.keepalive.permit.time", "20s");
        defaults.put("spring.grpc.server.keepalive.permit.without-calls", "true");
        defaults.put("spring.grpc.server.keepalive.connection.max-idle-time", "30m");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }
}
