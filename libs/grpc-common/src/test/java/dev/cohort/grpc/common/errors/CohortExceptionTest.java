package dev.cohort.grpc.common.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohortExceptionTest {

    @Test
    void rejectsReasonsThatAreNotUpperSnakeCase() {
        assertThatThrownBy(() -> new NotFoundException("user not found", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new NotFoundException("USER_NOT_FOUND", "no such user").reason()).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void invalidArgumentListsEveryViolationInItsMessage() {
        var error = new InvalidArgumentException("WEAK_PASSWORD", List.of(
                new FieldViolation("password", "is too common"),
                new FieldViolation("email", "is not an e-mail address")));

        assertThat(error.getMessage())
                .isEqualTo("invalid request: password: is too common; email: is not an e-mail address");
        assertThat(error.violations()).hasSize(2);
    }

    @Test
    void invalidArgumentNeedsAtLeastOneViolation() {
        assertThatThrownBy(() -> new InvalidArgumentException("BAD", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resourceExhaustedRefusesANegativeRetryDelay() {
        assertThatThrownBy(() -> new ResourceExhaustedException("RATE", "slow down", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
