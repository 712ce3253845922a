package dev.cohort.grpc.client.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.grpc.client.ClientSettings;
import dev.cohort.grpc.client.RetryServiceConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Cohort's retry policy joins the service config Boot builds from a channel's properties. */
@SuppressWarnings("unchecked")
class CohortServiceConfigCustomizerTest {

    private final ClientSettings settings = ClientSettings.defaults();
    private final CohortServiceConfigCustomizer customizer = new CohortServiceConfigCustomizer(settings);

    @Test
    void addsTheRetryPolicyToAnEmptyServiceConfig() {
        Map<String, Object> serviceConfig = new LinkedHashMap<>();

        customizer.customize("course", serviceConfig);

        assertThat(serviceConfig).isEqualTo(RetryServiceConfig.forSettings(settings));
    }

    @Test
    void keepsTheChannelsOwnMethodConfigsAndWhatElseItHolds() {
        Map<String, Object> specific = Map.of("name", List.of(Map.of("service", "cohort.course.v1.CourseService")),
                "timeout", "1s");
        Map<String, Object> serviceConfig = new LinkedHashMap<>();
        serviceConfig.put("methodConfig", List.of(specific));
        serviceConfig.put("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())));

        customizer.customize("course", serviceConfig);

        assertThat((List<Object>) serviceConfig.get("methodConfig"))
                .containsExactly(specific, RetryServiceConfig.methodConfig(settings));
        assertThat(serviceConfig).containsKey("loadBalancingConfig");
    }

    @Test
    void leavesAChannelThatHasItsOwnAllMethodsEntryAsItIs() {
        Map<String, Object> own = Map.of("name", List.of(Map.of()), "timeout", "1s");
        Map<String, Object> serviceConfig = new LinkedHashMap<>();
        serviceConfig.put("methodConfig", List.of(own));

        customizer.customize("course", serviceConfig);

        assertThat((List<Object>) serviceConfig.get("methodConfig")).containsExactly(own);
    }
}
