package dev.cohort.auth;

import dev.cohort.testkit.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingJwkProviderTest {

    final TestTokens first = new TestTokens("k1");
    final AtomicInteger fetches = new AtomicInteger();
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    volatile JWKSet served = new JWKSet(first.key.toPublicJWK());
    volatile boolean failing;
    final CachingJwkProvider provider = new CachingJwkProvider(() -> {
        fetches.incrementAndGet();
        if (failing) {
            throw new IllegalStateException("identity unreachable");
        }
        return served;
    }, Duration.ofMinutes(10), Duration.ofSeconds(5), clock);

    @Test
    void fetchesOnceAndServesFromMemory() {
        assertThat(provider.find("k1")).isPresent();
        assertThat(provider.find("k1")).isPresent();
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void spacesOutRefreshesCausedByUnknownKeyIds() {
        provider.find("k1");
        clock.advance(Duration.ofSeconds(6));

        assertThat(provider.find("random-1")).isEmpty();
        assertThat(provider.find("random-2")).isEmpty();
        assertThat(provider.find("random-3")).isEmpty();

        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void refreshesWhenTheSetIsStale() {
        provider.find("k1");
        clock.advance(Duration.ofMinutes(11));

        provider.find("k1");

        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void keepsTheKnownKeysWhenARefreshFails() {
        provider.find("k1");
        failing = true;
        clock.advance(Duration.ofMinutes(11));

        assertThat(provider.find("k1")).isPresent();
    }

    @Test
    void neverHoldsPrivateKeyMaterial() {
        assertThat(provider.find("k1").orElseThrow().isPrivate()).isFalse();
    }
}
