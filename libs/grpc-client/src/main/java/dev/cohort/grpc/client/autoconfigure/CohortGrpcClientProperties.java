package dev.cohort.grpc.client.autoconfigure;

import dev.cohort.grpc.client.ClientSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cohort.grpc.client.*}: Cohort's call conventions for every gRPC channel a service opens. Bound to
 * {@link ClientSettings}, which checks the values, so a bad value stops the application at start-up.
 */
@ConfigurationProperties("cohort.grpc.client")
public class CohortGrpcClientProperties {

    /** Whether Cohort's deadline, retry and trace conventions are applied to Boot's gRPC channels. */
    private boolean enabled = true;

    /** Deadline of a call that has none from its caller or from the request being served. */
    private Duration defaultDeadline = ClientSettings.DEFAULT_DEADLINE;

    /** Attempts per call, the first included, when it fails with UNAVAILABLE: 1 (no retry) to 5 (gRPC's cap). */
    private int maxAttempts = ClientSettings.DEFAULT_MAX_ATTEMPTS;

    /** Upper bound of the random delay before the first retry. */
    private Duration initialBackoff = ClientSettings.DEFAULT_INITIAL_BACKOFF;

    /** Cap on the retry delay bound. */
    private Duration maxBackoff = ClientSettings.DEFAULT_MAX_BACKOFF;

    /** Growth of the retry delay bound after each retry (at least 1.0). */
    private double backoffMultiplier = ClientSettings.DEFAULT_BACKOFF_MULTIPLIER;

    /** The validated settings; throws IllegalArgumentException naming the bad value. */
    public ClientSettings toSettings() {
        return new ClientSettings(defaultDeadline, maxAttempts, initialBackoff, maxBackoff, backoffMultiplier);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getDefaultDeadline() {
        return defaultDeadline;
    }

    public void setDefaultDeadline(Duration defaultDeadline) {
        this.defaultDeadline = defaultDeadline;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public double getBackoffMultiplier() {
        return backoffMultiplier;
    }

    public void setBackoffMultiplier(double backoffMultiplier) {
        this.backoffMultiplier = backoffMultiplier;
    }
}
