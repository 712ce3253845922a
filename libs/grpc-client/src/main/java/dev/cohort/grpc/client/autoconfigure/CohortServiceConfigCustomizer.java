package dev.cohort.grpc.client.autoconfigure;

import dev.cohort.grpc.client.ClientSettings;
import dev.cohort.grpc.client.RetryServiceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientDefaultServiceConfigCustomizer;

/**
 * Adds Cohort's "all methods" retry policy to the default service config Boot builds for each channel.
 *
 * <p>Boot assembles one map per channel (from {@code spring.grpc.client.channel.<name>.service-config.*}, then every
 * {@link GrpcClientDefaultServiceConfigCustomizer}) and hands it to {@code defaultServiceConfig} once, after all
 * channel builder customizers ran; so the retry policy must go into that map, not onto the builder, or one would
 * overwrite the other. Method configs a channel's properties already hold stay as they are and, being more specific,
 * win for the methods they name; if they already hold an "all methods" entry, that channel keeps its own.
 */
public class CohortServiceConfigCustomizer implements GrpcClientDefaultServiceConfigCustomizer {

    private final ClientSettings settings;

    public CohortServiceConfigCustomizer(ClientSettings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(String authority, Map<String, Object> serviceConfig) {
        List<Object> methodConfigs = new ArrayList<>();
        if (serviceConfig.get("methodConfig") instanceof List<?> existing) {
            methodConfigs.addAll(existing);
        }
        boolean channelHasItsOwnDefault = methodConfigs.stream()
                .anyMatch(entry -> entry instanceof Map<?, ?> map && RetryServiceConfig.isDefaultMethodConfig(map));
        if (!channelHasItsOwnDefault) {
            methodConfigs.add(RetryServiceConfig.methodConfig(settings));
            serviceConfig.put("methodConfig", List.copyOf(methodConfigs));
        }
    }
}
