package dev.cohort.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class RequestedModeTest {

    @Test
    void readsModesCaseInsensitivelyAndDefaultsToAuto() {
        assertThat(RequestedMode.parse(null)).isEqualTo(RequestedMode.AUTO);
        assertThat(RequestedMode.parse(" ")).isEqualTo(RequestedMode.AUTO);
        assertThat(RequestedMode.parse("Local")).isEqualTo(RequestedMode.LOCAL);
        assertThat(RequestedMode.parse("testcontainers")).isEqualTo(RequestedMode.TESTCONTAINERS);
        assertThat(RequestedMode.parse("EMBEDDED ")).isEqualTo(RequestedMode.EMBEDDED);
    }

    @Test
    void rejectsUnknownModesNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> RequestedMode.parse("docker"))
                .withMessageContaining("cohort.testkit.mode");
    }
}
