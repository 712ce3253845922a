package dev.cohort.auth;

import dev.cohort.testkit.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import dev.cohort.testkit.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * A "not revoked" answer of the deny-list is reused for a moment, but only while the revocation signal is heard,
 * and a revocation signalled for a user ends the reuse of that user's answers at once (ADR 0063).
 */
class DenyListAnswerReuseTest {

    static final Duration REUSE = Duration.ofSeconds(1);

    final TestTokens tokens = new TestTokens("reuse-key");
    final MovableClock clock = new MovableClock(Instant.now());
    final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger questions = new AtomicInteger();
    final TokenDenyList denyList = new TokenDenyList() {
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
    final AccessTokenVerifier verifier = verifier(REUSE);
    RedissonClient redis;

    AccessTokenVerifier verifier(Duration reuse) {
        JWKSet published = new JWKSet(tokens.key.toPublicJWK());
        return new AccessTokenVerifier(AuthSettings.of(TestTokens.ISSUER, TestTokens.AUDIENCE),
                new CachingJwkProvider(() -> published, Duration.ofMinutes(10), Duration.ZERO, clock), denyList,
                new AccessTokenVerifier.DenyListPolicy(Duration.ofMillis(500), Duration.ofSeconds(1), reuse), clock);
    }

    @AfterEach
    void disconnect() {
        if (redis != null) {
            redis.shutdown();
        }
    }

    @Test
    void asksOnEveryCallUntilTheSignalIsHeard() {
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        verifier.verify(token);
        verifier.verify(token);

        assertThat(questions).hasValue(2);
    }

    @Test
    void reusesANotRevokedAnswerForTheReuseTimeWhileTheSignalIsHeard() {
        verifier.revocationSignalSubscribed();
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        verifier.verify(token);
        verifier.verify(token);
        verifier.verify(token);
        assertThat(questions).hasValue(1);

        clock.advance(REUSE.plusMillis(1));
        verifier.verify(token);

        assertThat(questions).hasValue(2);
    }

    @Test
    void aSignalledRevocationTakesEffectOnTheNextCall() {
        verifier.revocationSignalSubscribed();
        String userId = UUID.randomUUID().toString();
        String token = tokens.valid(userId, "STUDENT");
        String otherToken = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        Caller caller = verifier.verify(token);
        verifier.verify(otherToken);

        denyList.revokeToken(caller.tokenId(), caller.expiresAt());
        verifier.tokensRevokedOf(userId);

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_REVOKED");
        int asked = questions.get();
        verifier.verify(otherToken); // another user's answer is still reused
        assertThat(questions).hasValue(asked);
    }

    @Test
    void aResubscriptionDropsEveryAnswerKeptBefore() {
        verifier.revocationSignalSubscribed();
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        Caller caller = verifier.verify(token);

        // Signals may have been missed while the subscription was away.
        denyList.revokeToken(caller.tokenId(), caller.expiresAt());
        verifier.revocationSignalSubscribed();

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_REVOKED");
    }

    @Test
    void withoutReuseTimeEveryCallAsks() {
        AccessTokenVerifier asking = verifier(Duration.ZERO);
        asking.revocationSignalSubscribed();
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        asking.verify(token);
        asking.verify(token);

        assertThat(questions).hasValue(2);
    }

    @Test
    void identitysSignalOverRedisEndsTheReuseOfThatUsersAnswers() throws Exception {
        String prefix = TestRedis.shared().newKeyPrefix("answer-reuse");
        redis = Redisson.create(RevocationSignalTest.config(prefix));
        RevocationSignal signal = new RevocationSignal(redis);
        String userId = UUID.randomUUID().toString();
        String token = tokens.valid(userId, "STUDENT");
        try (DenyListAnswerReuse ignored = new DenyListAnswerReuse(signal, verifier)) {
            // Reuse starts once the subscription is established.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                int before = questions.get();
                verifier.verify(token);
                verifier.verify(token);
                assertThat(questions.get() - before).isLessThan(2);
            });
            Caller caller = verifier.verify(token);

            denyList.revokeToken(caller.tokenId(), caller.expiresAt());
            signal.publish(userId);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                            .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_REVOKED"));
        }
    }
}
