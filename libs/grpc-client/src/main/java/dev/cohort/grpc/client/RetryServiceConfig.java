package dev.cohort.grpc.client;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cohort's retry policy as a gRPC <a href="https://github.com/grpc/grpc/blob/master/doc/service_config.md">service
 * config</a>, for {@link io.grpc.ManagedChannelBuilder#defaultServiceConfig(Map)}.
 *
 * <p>One method config whose name is a single empty selector, so it applies to every method of every service,
 * with a retry policy that retries {@code UNAVAILABLE} only: that status means the request did not get processed
 * (no connection, server shutting down, overloaded proxy), so repeating it is safe even for non-idempotent calls.
 * Every other status is the server's answer and goes back to the caller unchanged.
 *
 * <p>The map follows gRPC's parsed-JSON form: numbers are {@link Double}, durations are strings like {@code "0.1s"}.
 */
public final class RetryServiceConfig {

    /** The one status code Cohort clients retry. */
    public static final String RETRYABLE_STATUS = "UNAVAILABLE";

    private RetryServiceConfig() {
    }

    /** The service config for these settings; without a retry policy when {@code maxAttempts} is 1. */
    public static Map<String, ?> forSettings(ClientSettings settings) {
        return Map.of("methodConfig", List.of(methodConfig(settings)));
    }

    /**
     * The single "all methods" method config, for merging into a service config built elsewhere (Boot's
     * properties). A caller adding it must not also keep another default entry: gRPC rejects two.
     */
    public static Map<String, ?> methodConfig(ClientSettings settings) {
        Map<String, Object> methodConfig = new LinkedHashMap<>();
        methodConfig.put("name", List.of(Map.of()));
        if (settings.retries()) {
            methodConfig.put("retryPolicy", Map.of(
                    "maxAttempts", (double) settings.maxAttempts(),
                    "initialBackoff", durationString(settings.initialBackoff()),
                    "maxBackoff", durationString(settings.maxBackoff()),
                    "backoffMultiplier", settings.backoffMultiplier(),
                    "retryableStatusCodes", List.of(RETRYABLE_STATUS)));
        }
        return Map.copyOf(methodConfig);
    }

    /** Whether a method config's name list holds the "all methods" selector (no service, no method). */
    public static boolean isDefaultMethodConfig(Map<?, ?> methodConfig) {
        if (!(methodConfig.get("name") instanceof List<?> names)) {
            return false;
        }
        return names.stream().anyMatch(name -> name instanceof Map<?, ?> selector
                && isBlank(selector.get("service")) && isBlank(selector.get("method")));
    }

    /** A duration in the proto3 JSON form gRPC parses: decimal seconds with an {@code s} suffix, e.g. "0.1s". */
    static String durationString(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString() + "s";
    }

    private static boolean isBlank(Object value) {
        return value == null || value.toString().isEmpty();
    }
}
