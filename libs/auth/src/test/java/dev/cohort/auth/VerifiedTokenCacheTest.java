package dev.cohort.auth;

import dev.cohort.testkit.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A token that passed the expensive checks is reused, but its times and revocation are checked every time. */
class VerifiedTokenCacheTest {

    final TestTokens tokens = new TestTokens("cache-key");
    final AtomicBoolean keyPublished = new AtomicBoolean(true);
    final MovableClock clock = new MovableClock(Instant.now());
    final java.util.Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final TokenDenyList denyList = new TokenDenyList() {
        public boolean isRevoked(String tokenId, String userId, long tokenVersion) {
            return revoked.contains(tokenId);
        }

        public void revokeToken(String tokenId, Instant expiresAt) {
            revoked.add(tokenId);
        }

        public void revokeVersionsBelow(String userId, long minimumVersion, Duration retention) {
        }
    };
    // The key source stops answering after the first verification: only a reused result can pass after that.
    final AccessTokenVerifier verifier = new AccessTokenVerifier(AuthSettings.of(TestTokens.ISSUER, TestTokens.AUDIENCE),
            new CachingJwkProvider(() -> keyPublished.get() ? new JWKSet(tokens.key.toPublicJWK()) : new JWKSet(),
                    Duration.ZERO, Duration.ZERO, clock), denyList, clock);

    @Test
    void reusesASuccessfulVerification() {
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        verifier.verify(token);
        keyPublished.set(false);

        assertThat(verifier.verify(token).roles()).isNotEmpty();
    }

    @Test
    void stillRefusesARevokedToken() {
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        Caller caller = verifier.verify(token);

        denyList.revokeToken(caller.tokenId(), caller.expiresAt());

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_REVOKED");
    }

    @Test
    void stillRefusesATokenOnceItExpired() {
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        verifier.verify(token);

        clock.advance(Duration.ofMinutes(6));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void verifiesFullyAgainAfterTheReuseWindow() {
        String token = tokens.with(c -> c.expirationTime(java.util.Date.from(clock.instant().plus(Duration.ofHours(1)))));
        verifier.verify(token);
        keyPublished.set(false);

        clock.advance(Duration.ofSeconds(AccessTokenVerifier.CACHE_SECONDS + 1));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_KEY_UNKNOWN");
    }
}
