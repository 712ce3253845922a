package dev.cohort.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksABindablePortBelowTheEphemeralRange() throws IOException {
        int port = FreePorts.pick();

        assertThat(port).isBetween(FreePorts.LOWEST, FreePorts.HIGHEST_EXCLUSIVE - 1);
        try (ServerSocket bound = new ServerSocket(port)) {
            assertThat(bound.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void neverPicksAPortInUse() throws IOException {
        try (ServerSocket held = new ServerSocket(FreePorts.pick())) {
            for (int i = 0; i < 200; i++) {
                assertThat(FreePorts.pick()).isNotEqualTo(held.getLocalPort());
            }
        }
    }
}
