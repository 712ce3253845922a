package dev.cohort.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.cohort.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link AccessTokenVerifier#verifyWithoutWaiting} answers only what needs no wait (no key fetch, no deny-list
 * question), and says so by being empty otherwise; what it does answer is what {@link AccessTokenVerifier#verify}
 * would.
 */
class VerifyWithoutWaitingTest {

    final TestTokens tokens = new TestTokens("no-wait-key");
    final MovableClock clock = new MovableClock(Instant.now());
    final AtomicInteger keyFetches = new AtomicInteger();
    final CachingJwkProvider keys = new CachingJwkProvider(() -> {
        keyFetches.incrementAndGet();
        return new JWKSet(tokens.key.toPublicJWK());
    }, Duration.ofMinutes(5), Duration.ZERO, clock);

    /** A deny-list kept elsewhere (like Redis): asking it is a wait. */
    final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger questions = new AtomicInteger();
    final TokenDenyList remoteDenyList = new TokenDenyList() {
        public boolean isRevoked(String tokenId, String userId, long tokenVersion) {
            questions.incrementAndGet();
            return revokedTokens.contains(tokenId);
        }

        public void revokeToken(String tokenId, Instant expiresAt) {
            revokedTokens.add(tokenId);
        }

        public void revokeVersionsBelow(String userId, long minimumVersion, Duration retention) {
        }
    };

    AccessTokenVerifier verifier(TokenDenyList denyList) {
        return new AccessTokenVerifier(AuthSettings.of(TestTokens.ISSUER, TestTokens.AUDIENCE), keys, denyList, clock);
    }

    @Test
    void aTokenNotVerifiedYetNeedsTheFullCheckAndFetchesNothing() {
        AccessTokenVerifier verifier = verifier(TokenDenyList.none());

        assertThat(verifier.verifyWithoutWaiting(tokens.valid(UUID.randomUUID().toString(), "STUDENT"))).isEmpty();
        assertThat(keyFetches).hasValue(0);
    }

    @Test
    void aVerifiedTokenWithADenyListThatAnswersAtOnceIsAnsweredWithoutWaiting() {
        AccessTokenVerifier verifier = verifier(TokenDenyList.none());
        String userId = UUID.randomUUID().toString();
        String token = tokens.valid(userId, "STUDENT");
        verifier.verify(token);

        assertThat(verifier.verifyWithoutWaiting(token)).map(Caller::userId).contains(userId);
        assertThat(keyFetches).hasValue(1);
    }

    @Test
    void aVerifiedTokenWhoseRevocationMustBeAskedNeedsTheFullCheck() {
        AccessTokenVerifier verifier = verifier(remoteDenyList);
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        verifier.verify(token);
        int asked = questions.get();

        assertThat(verifier.verifyWithoutWaiting(token)).isEmpty();
        assertThat(questions).hasValue(asked);
    }

    @Test
    void aKeptDenialIsARefusalWithoutAsking() {
        AccessTokenVerifier verifier = verifier(remoteDenyList);
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        Caller caller = verifier.verify(token);
        remoteDenyList.revokeToken(caller.tokenId(), caller.expiresAt());
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class);
        int asked = questions.get();

        assertThatThrownBy(() -> verifier.verifyWithoutWaiting(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_REVOKED");
        assertThat(questions).hasValue(asked);
    }

    @Test
    void aTokenNotValidYetIsRefusedWithoutWaiting() {
        AccessTokenVerifier verifier = verifier(TokenDenyList.none());
        String token = tokens.with(c -> c.notBeforeTime(java.util.Date.from(clock.instant().plus(Duration.ofMinutes(2)))));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class);

        assertThatThrownBy(() -> verifier.verifyWithoutWaiting(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_NOT_YET_VALID");
    }

    @Test
    void aTokenPastItsExpiryIsLeftToTheFullCheck() {
        AccessTokenVerifier verifier = verifier(TokenDenyList.none());
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        verifier.verify(token);

        clock.advance(Duration.ofMinutes(6));

        assertThat(verifier.verifyWithoutWaiting(token)).isEmpty();
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void theNoneDenyListRevokesNothing() {
        assertThat(TokenDenyList.none().isRevoked("any", "one", 0)).isFalse();
        assertThatThrownBy(() -> TokenDenyList.none().revokeToken("any", Instant.now()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
