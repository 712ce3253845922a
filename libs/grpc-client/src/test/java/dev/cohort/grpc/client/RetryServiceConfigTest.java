package dev.cohort.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryServiceConfigTest {

    @Test
    void retriesOnlyUnavailableOnEveryMethodWithTheDefaults() {
        Map<String, ?> config = RetryServiceConfig.forSettings(ClientSettings.defaults());

        assertThat(config).containsOnlyKeys("methodConfig");
        assertThat((List<?>) config.get("methodConfig")).singleElement().isEqualTo(Map.of(
                "name", List.of(Map.of()),
                "retryPolicy", Map.of(
                        "maxAttempts", 3.0,
                        "initialBackoff", "0.1s",
                        "maxBackoff", "2s",
                        "backoffMultiplier", 2.0,
                        "retryableStatusCodes", List.of("UNAVAILABLE"))));
    }

    @Test
    void usesDoublesForNumbersAsGrpcParsedJsonRequires() {
        Map<?, ?> retryPolicy = (Map<?, ?>) RetryServiceConfig.methodConfig(ClientSettings.defaults()).get("retryPolicy");

        assertThat(retryPolicy.get("maxAttempts")).isInstanceOf(Double.class);
        assertThat(retryPolicy.get("backoffMultiplier")).isInstanceOf(Double.class);
    }

    @Test
    void leavesTheRetryPolicyOutForASingleAttempt() {
        Map<String, ?> methodConfig = RetryServiceConfig.methodConfig(ClientSettings.defaults().withMaxAttempts(1));

        assertThat(methodConfig).containsOnlyKeys("name");
    }

    @Test
    void writesDurationsAsDecimalSeconds() {
        assertThat(RetryServiceConfig.durationString(Duration.ofMillis(100))).isEqualTo("0.1s");
        assertThat(RetryServiceConfig.durationString(Duration.ofMillis(250))).isEqualTo("0.25s");
        assertThat(RetryServiceConfig.durationString(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(RetryServiceConfig.durationString(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(RetryServiceConfig.durationString(Duration.ofNanos(1))).isEqualTo("0.000000001s");
    }

    @Test
    void recognisesTheAllMethodsSelector() {
        assertThat(RetryServiceConfig.isDefaultMethodConfig(Map.of("name", List.of(Map.of())))).isTrue();
        assertThat(RetryServiceConfig.isDefaultMethodConfig(Map.of("name", List.of(Map.of("service", ""))))).isTrue();
        assertThat(RetryServiceConfig.isDefaultMethodConfig(
                Map.of("name", List.of(Map.of("service", "cohort.course.v1.CourseService"))))).isFalse();
        assertThat(RetryServiceConfig.isDefaultMethodConfig(Map.of("timeout", "1s"))).isFalse();
    }
}
