package dev.cohort.auth;

import dev.cohort.testkit.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reused "not revoked" answer past half its reuse time is asked again in the background, so that a token in steady
 * use never waits for the deny-list, without letting an answer outlive a revocation (ADR 0082, on ADR 0063). The
 * deny-list here answers only when the test completes its question, so "without waiting" is checked exactly.
 */
class DenyListAskAheadTest {

    static final Duration REUSE = Duration.ofSeconds(1);

    final TestTokens tokens = new TestTokens("ask-ahead-key");
    final MovableClock clock = new MovableClock(Instant.now());
    /** The questions asked, in order, each answered when the test completes it. */
    final List<CompletableFuture<Boolean>> questions = new CopyOnWriteArrayList<>();
    final TokenDenyList denyList = new TokenDenyList() {
        public boolean isRevoked(String tokenId, String userId, long tokenVersion) {
            throw new AssertionError("the verifier asks without blocking");
        }

        @Override
        public CompletionStage<Boolean> isRevokedAsync(String tokenId, String userId, long tokenVersion) {
            CompletableFuture<Boolean> question = new CompletableFuture<>();
            questions.add(question);
            return question;
        }

        public void revokeToken(String tokenId, Instant expiresAt) {
        }

        public void revokeVersionsBelow(String userId, long minimumVersion, Duration retention) {
        }
    };
    AccessTokenVerifier verifier;
    String userId;
    String token;

    @BeforeEach
    void aTokenWhoseNotRevokedAnswerIsKept() {
        JWKSet published = new JWKSet(tokens.key.toPublicJWK());
        verifier = new AccessTokenVerifier(AuthSettings.of(TestTokens.ISSUER, TestTokens.AUDIENCE),
                new CachingJwkProvider(() -> published, Duration.ofMinutes(10), Duration.ZERO, clock), denyList,
                // A long wait for answers: the test answers the calls that wait from its own thread, whatever the load.
                new AccessTokenVerifier.DenyListPolicy(Duration.ofSeconds(30), Duration.ofSeconds(1), REUSE), clock);
        verifier.revocationSignalSubscribed();
        userId = UUID.randomUUID().toString();
        token = tokens.valid(userId, "STUDENT");
        // The first call asks and waits: answer it as the call would see it.
        questions.clear();
        CompletableFuture<Caller> first = CompletableFuture.supplyAsync(() -> verifier.verify(token));
        awaitQuestions(1).complete(false);
        first.join();
    }

    @Test
    void beforeHalfTheReuseTimeNothingIsAskedAgain() {
        later(Duration.ofMillis(499));
        verifier.verify(token);

        assertThat(questions).hasSize(1);
    }

    @Test
    void pastHalfTheReuseTimeOneCallAsksAheadWithoutWaitingForTheAnswer() {
        later(Duration.ofMillis(600));
        // The question stays unanswered: these calls return at once all the same, and only the first asks.
        verifier.verify(token);
        verifier.verify(token);
        verifier.verify(token);

        assertThat(questions).hasSize(2);
        assertThat(questions.get(1)).isNotDone();
    }

    @Test
    void aNotRevokedAnswerAskedAheadIsReusedForAFullReuseTimeFromItsArrival() {
        later(Duration.ofMillis(600));
        verifier.verify(token);
        questions.get(1).complete(false);

        // Past the first answer's expiry (1,050 ms after it), before half the second's reuse time: no wait, no question.
        later(Duration.ofMillis(450));
        verifier.verify(token);

        assertThat(questions).hasSize(2);
    }

    @Test
    void aRevokedAnswerAskedAheadRefusesTheNextCall() {
        later(Duration.ofMillis(600));
        verifier.verify(token);
        questions.get(1).complete(true);

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo("TOKEN_REVOKED");
    }

    @Test
    void anAnswerAskedAheadBeforeASignalledRevocationIsNotKept() {
        later(Duration.ofMillis(600));
        verifier.verify(token);
        verifier.tokensRevokedOf(userId);
        questions.get(1).complete(false); // asked before the revocation: it may predate it

        CompletableFuture<Caller> next = CompletableFuture.supplyAsync(() -> verifier.verify(token));
        awaitQuestions(3).complete(true);

        assertThatThrownBy(next::join).hasCauseInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void aFailedQuestionAskedAheadLeavesTheKeptAnswerToExpireAsBefore() {
        later(Duration.ofMillis(600));
        verifier.verify(token);
        questions.get(1).completeExceptionally(new IllegalStateException("Redis is away"));

        later(Duration.ofMillis(401)); // the first answer has expired: the next call asks and waits
        CompletableFuture<Caller> next = CompletableFuture.supplyAsync(() -> verifier.verify(token));
        awaitQuestions(3).complete(false);

        assertThat(next.join().userId()).isEqualTo(userId);
    }

    private void later(Duration duration) {
        clock.advance(duration);
    }

    /** The {@code count}-th question, once a call on another thread has asked it. */
    private CompletableFuture<Boolean> awaitQuestions(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> questions.size() >= count);
        return questions.get(count - 1);
    }
}
