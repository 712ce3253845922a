package dev.cohort.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void atLeastIncludesTheThreshold() {
        Target half = Target.atLeast(0.5, "≥ 0.50");

        assertThat(half.judge(0.5)).isTrue();
        assertThat(half.judge(0.49)).isFalse();
        assertThat(half.judge(Double.NaN)).isFalse();
    }

    @Test
    void belowExcludesTheThreshold() {
        Target p99 = Target.below(50, "< 50 ms");

        assertThat(p99.judge(49.9)).isTrue();
        assertThat(p99.judge(50)).isFalse();
    }

    @Test
    void ratioNeedsAPositiveLimit() {
        assertThat(Target.ratio(300, 600)).isEqualTo(0.5);
        assertThat(Target.ratio(300, 0)).isNaN();
    }

    @Test
    void benchTextCarriesItsSendTime() {
        String text = BenchText.timed(123_456_789L, 100);

        assertThat(text).hasSize(100);
        assertThat(BenchText.sentNanos(text)).isEqualTo(123_456_789L);
        assertThat(BenchText.sentNanos(BenchText.timed(-42L, 30))).isEqualTo(-42L);
        assertThat(BenchText.sentNanos("hello")).isEqualTo(BenchText.NOT_TIMED);
        assertThat(BenchText.isProbe(BenchText.probe(3))).isTrue();
    }
}
