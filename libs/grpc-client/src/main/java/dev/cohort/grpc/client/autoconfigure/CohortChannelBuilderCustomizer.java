package dev.cohort.grpc.client.autoconfigure;

import dev.cohort.telemetry.CohortTelemetry;
import dev.cohort.grpc.client.ClientSettings;
import dev.cohort.grpc.client.CohortChannels;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;

/**
 * Turns retries on and adds Cohort's interceptors (default deadline, {@code traceparent}) to every channel Boot's
 * {@code GrpcChannelFactory} builds. The retry policy itself reaches the channel through
 * {@link CohortServiceConfigCustomizer}.
 *
 * <p>A channel that sets Boot's own {@code spring.grpc.client.channel.<name>.default.deadline} (or the
 * {@code default} channel's) keeps that value as its default deadline; Cohort's {@code default-deadline} fills in
 * where Boot has none. Either way the deadline of the request being served is never overridden.
 */
public class CohortChannelBuilderCustomizer<T extends ManagedChannelBuilder<T>> implements GrpcChannelBuilderCustomizer<T> {

    private static final String BOOT_DEFAULT_CHANNEL = "default";

    private final ClientSettings settings;
    private final GrpcClientProperties bootProperties;
    private final CohortTelemetry telemetry;

    public CohortChannelBuilderCustomizer(ClientSettings settings, GrpcClientProperties bootProperties,
                                          CohortTelemetry telemetry) {
        this.settings = settings;
        this.bootProperties = bootProperties;
        this.telemetry = telemetry;
    }

    @Override
    public void customize(String channelName, T builder) {
        ClientSettings channelSettings = bootDeadline(channelName).map(settings::withDefaultDeadline).orElse(settings);
        builder.enableRetry();
        builder.intercept(CohortChannels.interceptors(channelSettings, telemetry));
    }

    /** The same lookup Boot does for a channel's properties: by name, else the "default" channel. */
    private Optional<Duration> bootDeadline(String channelName) {
        if (bootProperties == null) {
            return Optional.empty();
        }
        Map<String, GrpcClientProperties.Channel> channels = bootProperties.getChannel();
        GrpcClientProperties.Channel channel = channels.containsKey(channelName)
                ? channels.get(channelName) : channels.get(BOOT_DEFAULT_CHANNEL);
        return Optional.ofNullable(channel)
                .map(c -> c.getDefault().getDeadline())
                .filter(deadline -> !deadline.isNegative() && !deadline.isZero());
    }
}
