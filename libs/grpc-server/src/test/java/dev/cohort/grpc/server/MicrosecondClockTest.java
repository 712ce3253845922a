package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MicrosecondClockTest {

    private final Clock base = Clock.fixed(Instant.parse("2026-12-06T10:15:30.123456789Z"), ZoneOffset.UTC);

    @Test
    void truncatesInstantsToWholeMicroseconds() {
        assertThat(new MicrosecondClock(base).instant()).isEqualTo(Instant.parse("2026-12-06T10:15:30.123456Z"));
    }

    @Test
    void answersMillisecondsWhereJavasSubMillisecondTickClockThrows() {
        assertThat(new MicrosecondClock(base).millis()).isEqualTo(base.millis());
    }

    @Test
    void isTheClockServicesGetByDefault() {
        assertThat(new StoredTimeClockAutoConfiguration().clock()).isInstanceOf(MicrosecondClock.class);
    }
}
