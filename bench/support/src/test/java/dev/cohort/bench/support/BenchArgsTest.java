package dev.cohort.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchArgsTest {

    @Test
    void readsSettingsWithSeparatorsAndKeepsDottedNamesAsProperties() {
        BenchArgs args = BenchArgs.parse("n=1,000,000", "--runs=3", "rate=1_000.5", "gateway=false",
                "cohort.auth.deny-list.reuse-answers-for=0s");

        assertThat(args.integer("n", 1)).isEqualTo(1_000_000);
        assertThat(args.integer("runs", 5)).isEqualTo(3);
        assertThat(args.decimal("rate", 1)).isEqualTo(1000.5);
        assertThat(args.flag("gateway", true)).isFalse();
        assertThat(args.integer("seconds", 10)).isEqualTo(10);
        assertThat(args.properties()).containsEntry("cohort.auth.deny-list.reuse-answers-for", "0s");
        args.refuseUnknown();
    }

    @Test
    void refusesMalformedAndUnknownSettings() {
        assertThatThrownBy(() -> BenchArgs.parse("runs")).hasMessageContaining("expected name=value");
        assertThatThrownBy(() -> BenchArgs.parse("gateway=yes").flag("gateway", true))
                .hasMessageContaining("true or false");
        BenchArgs typo = BenchArgs.parse("rnus=3");
        typo.integer("runs", 3);
        assertThatThrownBy(typo::refuseUnknown).hasMessageContaining("rnus");
    }
}
