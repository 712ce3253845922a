package dev.cohort.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    private final ClientSettings defaults = ClientSettings.defaults();

    @Test
    void defaultsAreFiveSecondsAndThreeAttemptsWithDoublingBackoff() {
        assertThat(defaults.defaultDeadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.backoffMultiplier()).isEqualTo(2.0);
        assertThat(defaults.retries()).isTrue();
    }

    @Test
    void rejectsAMissingOrNonPositiveDeadline() {
        assertThatThrownBy(() -> defaults.withDefaultDeadline(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("defaultDeadline is required");
        assertThatThrownBy(() -> defaults.withDefaultDeadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("defaultDeadline must be positive, but was PT0S");
        assertThatThrownBy(() -> defaults.withDefaultDeadline(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("defaultDeadline must be positive, but was PT-1S");
    }

    @Test
    void rejectsAttemptsOutsideOneToGrpcsCapOfFive() {
        assertThatThrownBy(() -> defaults.withMaxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be between 1 (no retry) and 5 (gRPC's cap on attempts), but was 0");
        assertThatThrownBy(() -> defaults.withMaxAttempts(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was 6");
        assertThat(defaults.withMaxAttempts(1).retries()).isFalse();
        assertThat(defaults.withMaxAttempts(5).maxAttempts()).isEqualTo(5);
    }

    @Test
    void rejectsABackoffThatShrinksOrIsNotPositive() {
        assertThatThrownBy(() -> defaults.withBackoff(Duration.ZERO, Duration.ofSeconds(1), 2.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("initialBackoff must be positive, but was PT0S");
        assertThatThrownBy(() -> defaults.withBackoff(Duration.ofSeconds(1), Duration.ofMillis(500), 2.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBackoff (PT0.5S) must not be shorter than initialBackoff (PT1S)");
        assertThatThrownBy(() -> defaults.withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoffMultiplier must be a finite number of at least 1.0, but was 0.5");
        assertThatThrownBy(() -> defaults.withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was NaN");
    }
}
