package dev.cohort.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A token that passed the expensive checks is reused, but its times and revocation are checked every time. */
class VerifiedTokenCacheTest {

    final TestTokens tokens = new TestTokens("cache-key");
    final AtomicBoolean keyPublished = new AtomicBoolean(true);
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    final Clock clock = new Clock() {
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now.get();
        }
    };
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

        now.set(now.get().plus(Duration.ofMinutes(6)));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void verifiesFullyAgainAfterTheReuseWindow() {
        String token = tokens.with(c -> c.expirationTime(java.util.Date.from(now.get().plus(Duration.ofHours(1)))));
        verifier.verify(token);
        keyPublished.set(false);

        now.set(now.get().plusSeconds(AccessTokenVerifier.CACHE_SECONDS + 1));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_KEY_UNKNOWN");
    }
}
