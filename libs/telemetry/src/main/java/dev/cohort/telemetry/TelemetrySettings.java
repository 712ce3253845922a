package dev.cohort.telemetry;

import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how much a process exports. No endpoint (the default) means nothing is recorded or exported: spans are
 * not sampled, and only the W3C trace context is read, carried and written on, so log lines and downstream calls
 * still share trace ids.
 *
 * @param otlpEndpoint  base URL of an OTLP/HTTP receiver (e.g. {@code http://collector:4318}); spans go to
 *                      {@code <endpoint>/v1/traces}
 * @param samplingRatio share of new traces recorded when exporting (0..1); calls inside a trace follow its caller
 */
public record TelemetrySettings(Optional<String> otlpEndpoint, double samplingRatio) {

    /** The standard OpenTelemetry variable, read when {@code cohort.telemetry.otlp.endpoint} is not set. */
    public static final String OTLP_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public TelemetrySettings {
        otlpEndpoint = otlpEndpoint.map(String::trim).filter(endpoint -> !endpoint.isEmpty());
        if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
            throw new IllegalArgumentException("cohort.telemetry.sampling-ratio must be between 0 and 1, was " + samplingRatio);
        }
    }

    /** Nothing exported: context propagation only. */
    public static TelemetrySettings off() {
        return new TelemetrySettings(Optional.empty(), 1.0);
    }

    /** Every trace exported to this OTLP/HTTP endpoint. */
    public static TelemetrySettings exportingTo(String otlpEndpoint) {
        return new TelemetrySettings(Optional.of(otlpEndpoint), 1.0);
    }

    /**
     * From a lookup of system properties or environment variables: {@code cohort.telemetry.otlp.endpoint}, else
     * {@value #OTLP_ENDPOINT_VARIABLE}; {@code cohort.telemetry.sampling-ratio} (default 1).
     */
    public static TelemetrySettings from(Function<String, String> lookup) {
        Optional<String> endpoint = Optional.ofNullable(lookup.apply("cohort.telemetry.otlp.endpoint"))
                .or(() -> Optional.ofNullable(lookup.apply(OTLP_ENDPOINT_VARIABLE)));
        String ratio = lookup.apply("cohort.telemetry.sampling-ratio");
        return new TelemetrySettings(endpoint, ratio == null || ratio.isBlank() ? 1.0 : Double.parseDouble(ratio));
    }

    /** Whether spans are recorded and exported at all. */
    public boolean exporting() {
        return otlpEndpoint.isPresent();
    }
}
