package dev.cohort.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTimelineTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration LIFETIME = Duration.ofMinutes(15);

    final KeyTimeline.Key first = new KeyTimeline.Key("first", T0, T0);
    final KeyTimeline.Key second = new KeyTimeline.Key("second", T0.plus(Duration.ofDays(30)),
            T0.plus(Duration.ofDays(30)).plus(Duration.ofMinutes(15)));
    final KeyTimeline timeline = new KeyTimeline(List.of(first, second), LIFETIME);

    @Test
    void aPendingKeyIsPublishedButDoesNotSign() {
        Instant now = second.createdAt().plusSeconds(60);

        assertThat(timeline.signingAt(now)).contains(first);
        assertThat(timeline.publishedAt(now)).containsExactly(second, first);
    }

    @Test
    void theNewKeySignsOnceActiveAndTheOldOneStaysPublishedForTheTokenLifetime() {
        Instant now = second.activateAt().plusSeconds(1);

        assertThat(timeline.signingAt(now)).contains(second);
        assertThat(timeline.publishedAt(now)).containsExactly(second, first);
        assertThat(timeline.forgottenAt(now)).isEmpty();
    }

    @Test
    void aSupersededKeyIsForgottenAfterItsLastTokenExpired() {
        Instant now = second.activateAt().plus(LIFETIME);

        assertThat(timeline.publishedAt(now)).containsExactly(second);
        assertThat(timeline.forgottenAt(now)).containsExactly(first);
    }

    @Test
    void rotationIsDueWhenTheNewestKeyIsOlderThanThePeriod() {
        assertThat(new KeyTimeline(List.of(), LIFETIME).rotationDueAt(T0, Duration.ofDays(30))).isTrue();
        assertThat(timeline.rotationDueAt(second.createdAt().plus(Duration.ofDays(29)), Duration.ofDays(30))).isFalse();
        assertThat(timeline.rotationDueAt(second.createdAt().plus(Duration.ofDays(30)), Duration.ofDays(30))).isTrue();
    }

    @Test
    void beforeAnyKeyActivatesNothingSigns() {
        assertThat(timeline.signingAt(T0.minusSeconds(1))).isEmpty();
    }
}
