package dev.cohort.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import dev.cohort.ports.FreePorts;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.embedded.RedisServer;

/**
 * The deny-list's Redis stopped and started again (empty) under a verifier, as in a Redis restart (ADR 0028): calls
 * keep being decided, quickly; a token already seen revoked stays refused; once Redis answers again, a revocation
 * written there takes effect.
 */
class DenyListOutageTest {

    final TestTokens tokens = new TestTokens("key-1");
    final int port = FreePorts.pick();
    RedisServer server;
    RedissonClient redis;
    RedisTokenDenyList denyList;
    AccessTokenVerifier verifier;

    @BeforeEach
    void startRedis() throws IOException {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        Config config = new Config();
        // Redisson's production defaults as libs/redis sets them: 3 s a command, retried, so a call that waited for
        // a stopped Redis would wait for many seconds and then fail.
        config.useSingleServer().setAddress("redis://127.0.0.1:" + port).setConnectTimeout(2_000).setTimeout(3_000);
        redis = Redisson.create(config);
        denyList = new RedisTokenDenyList(redis, Clock.systemUTC());
        JWKSet published = new JWKSet(tokens.key.toPublicJWK());
        verifier = new AccessTokenVerifier(AuthSettings.of(TestTokens.ISSUER, TestTokens.AUDIENCE),
                new CachingJwkProvider(() -> published, Duration.ofMinutes(10), Duration.ZERO, Clock.systemUTC()),
                denyList, AccessTokenVerifier.DenyListPolicy.DEFAULT, Clock.systemUTC());
    }

    @AfterEach
    void stopRedis() throws IOException {
        redis.shutdown();
        if (server.isActive()) {
            server.stop();
        }
    }

    @Test
    void whileRedisIsDownTokensNotKnownRevokedPassAndKnownRevokedOnesStayRefused() throws IOException {
        String signedOut = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        String seenBefore = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        String neverSeen = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        Caller signedOutCaller = verifier.verify(signedOut);
        verifier.verify(seenBefore);
        denyList.revokeToken(signedOutCaller.tokenId(), signedOutCaller.expiresAt());
        assertRevoked(signedOut);

        server.stop();

        long started = System.nanoTime();
        for (int call = 0; call < 20; call++) {
            assertThat(verifier.verify(seenBefore).tokenId()).isNotBlank();
            assertThat(verifier.verify(neverSeen).tokenId()).isNotBlank();
            assertRevoked(signedOut);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // 60 calls: at most a few of them wait (the deny-list's answer window), the rest decide at once.
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRevocationWrittenAfterRedisIsBackTakesEffectWithoutARestart() throws IOException {
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        Caller caller = verifier.verify(token);
        server.stop();
        verifier.verify(token); // decided without Redis
        server.start(); // empty, as a restarted cache comes back

        await("the revocation to be written once Redis is back").atMost(Duration.ofSeconds(30))
                .ignoreExceptions().untilAsserted(() -> denyList.revokeToken(caller.tokenId(), caller.expiresAt()));
        await("the verifier to ask Redis again").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertRevoked(token));
        server.stop();
        assertRevoked(token); // and it stays refused when Redis goes away again
    }

    private void assertRevoked(String token) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(InvalidAccessTokenException.class,
                        refused -> assertThat(refused.reason()).isEqualTo("TOKEN_REVOKED"));
    }
}
