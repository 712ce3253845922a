package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    /** Envoy's login bucket: 40 at most, 20 more each second. */
    private final TokenBucket bucket = new TokenBucket(RateLimits.TokenBucketSize.perSecond(20, 40), START);

    @Test
    void startsFullAndRefusesOnceEmpty() {
        assertThat(take(40, START)).isEqualTo(40);

        assertThat(bucket.tryTake(START)).isFalse();
        assertThat(bucket.timeToNextToken(START)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void addsTokensPerFillOnlyAtTheEndOfEachWholeInterval() {
        take(40, START);

        assertThat(bucket.tryTake(START.plusMillis(999))).isFalse();
        assertThat(bucket.timeToNextToken(START.plusMillis(999))).isEqualTo(Duration.ofMillis(1));
        assertThat(take(100, START.plusSeconds(1))).isEqualTo(20);
        assertThat(bucket.timeToNextToken(START.plusMillis(1500))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void neverHoldsMoreThanMaxTokensHoweverLongItRested() {
        take(40, START);

        assertThat(take(1000, START.plus(Duration.ofDays(365)))).isEqualTo(40);
        assertThat(bucket.isFull(START.plus(Duration.ofDays(366)))).isTrue();
    }

    @Test
    void ignoresAClockThatStepsBack() {
        take(39, START);

        assertThat(bucket.tryTake(START.minusSeconds(10))).isTrue();
        assertThat(bucket.tryTake(START.minusSeconds(10))).isFalse();
        assertThat(take(40, START.plusSeconds(1))).isEqualTo(20);
    }

    private int take(int attempts, Instant at) {
        int taken = 0;
        for (int i = 0; i < attempts; i++) {
            if (bucket.tryTake(at)) {
                taken++;
            }
        }
        return taken;
    }
}
