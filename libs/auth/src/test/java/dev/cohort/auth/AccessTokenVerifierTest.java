package dev.cohort.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import dev.cohort.common.v1.Role;
import dev.cohort.testkit.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

class AccessTokenVerifierTest {

    static RedissonClient redis;
    static RedisTokenDenyList denyList;

    final TestTokens tokens = new TestTokens("key-1");
    final AtomicInteger fetches = new AtomicInteger();
    JWKSet published = new JWKSet(tokens.key.toPublicJWK());
    final AccessTokenVerifier verifier = new AccessTokenVerifier(
            AuthSettings.of(TestTokens.ISSUER, TestTokens.AUDIENCE),
            new CachingJwkProvider(() -> {
                fetches.incrementAndGet();
                return published;
            }, Duration.ofMinutes(10), Duration.ZERO, Clock.systemUTC()),
            denyList, Clock.systemUTC());

    @BeforeAll
    static void connectRedis() {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.shared().url());
        redis = Redisson.create(config);
        denyList = new RedisTokenDenyList(redis, Clock.systemUTC());
    }

    @AfterAll
    static void closeRedis() {
        redis.shutdown();
    }

    @Test
    void acceptsAValidTokenAndReportsTheCaller() {
        String userId = UUID.randomUUID().toString();

        Caller caller = verifier.verify(tokens.valid(userId, "STUDENT", "INSTRUCTOR"));

        assertThat(caller.userId()).isEqualTo(userId);
        assertThat(caller.roles()).containsExactlyInAnyOrder(Role.ROLE_STUDENT, Role.ROLE_INSTRUCTOR);
        assertThat(caller.sessionId()).isNotBlank();
    }

    @Test
    void refusesAnUnsignedToken() {
        assertRefused(tokens.unsigned(), "TOKEN_MALFORMED");
    }

    @Test
    void refusesAnHmacTokenSignedWithThePublicKey() {
        assertRefused(tokens.hmacSignedWithPublicKey(), "TOKEN_ALGORITHM_NOT_ALLOWED");
    }

    @Test
    void refusesAWrongIssuer() {
        assertRefused(tokens.with(c -> c.issuer("https://evil.example")), "TOKEN_ISSUER_INVALID");
    }

    @Test
    void refusesAWrongAudience() {
        assertRefused(tokens.with(c -> c.audience("another-api")), "TOKEN_AUDIENCE_INVALID");
    }

    @Test
    void refusesAnExpiredToken() {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        assertRefused(tokens.with(c -> c.issueTime(Date.from(past)).notBeforeTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(60)))), "TOKEN_EXPIRED");
    }

    @Test
    void refusesATokenThatIsNotValidYet() {
        assertRefused(tokens.with(c -> c.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))),
                "TOKEN_NOT_YET_VALID");
    }

    @Test
    void toleratesSmallClockDifferences() {
        assertThat(verifier.verify(tokens.with(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(10))))))
                .isNotNull();
    }

    @Test
    void refusesATokenSignedByAnUnknownKeyAfterLookingForIt() {
        TestTokens stranger = new TestTokens("key-unknown");
        int before = fetches.get();

        assertRefused(stranger.valid(UUID.randomUUID().toString(), "ADMIN"), "TOKEN_KEY_UNKNOWN");
        assertThat(fetches.get()).as("the unknown kid triggered a refresh").isGreaterThan(before);
    }

    @Test
    void refusesAForgedSignatureUnderAKnownKeyId() {
        TestTokens impostor = new TestTokens("key-1"); // same kid, different private key
        assertRefused(impostor.valid(UUID.randomUUID().toString(), "ADMIN"), "TOKEN_SIGNATURE_INVALID");
    }

    @Test
    void refusesOtherKindsOfJwt() {
        String idToken = tokens.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("key-1").type(JOSEObjectType.JWT).build(),
                tokens.claims(UUID.randomUUID().toString(), List.of("STUDENT")).build());
        assertRefused(idToken, "TOKEN_TYPE_INVALID");
    }

    @Test
    void refusesAnOpaqueStringSuchAsARefreshToken() {
        assertRefused("crt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", "TOKEN_MALFORMED");
    }

    @Test
    void picksUpARotatedKeyWhenATokenNamesIt() {
        TestTokens rotated = new TestTokens("key-2");
        published = new JWKSet(List.of(tokens.key.toPublicJWK(), rotated.key.toPublicJWK()));

        assertThat(verifier.verify(rotated.valid(UUID.randomUUID().toString(), "STUDENT"))).isNotNull();
        assertThat(verifier.verify(tokens.valid(UUID.randomUUID().toString(), "STUDENT"))).isNotNull();
    }

    @Test
    void refusesADenyListedToken() {
        String token = tokens.valid(UUID.randomUUID().toString(), "STUDENT");
        Caller caller = verifier.verify(token);

        denyList.revokeToken(caller.tokenId(), caller.expiresAt());

        assertRefused(token, "TOKEN_REVOKED");
    }

    @Test
    void refusesEveryTokenOfAUserBelowTheMinimumVersion() {
        String userId = UUID.randomUUID().toString();
        String versionOne = tokens.with(c -> c.subject(userId).claim(AccessTokenClaims.TOKEN_VERSION, 1));
        String unversioned = tokens.with(c -> c.subject(userId));

        denyList.revokeVersionsBelow(userId, 2, Duration.ofMinutes(15));

        assertRefused(versionOne, "TOKEN_REVOKED");
        assertRefused(unversioned, "TOKEN_REVOKED");
        String versionTwo = tokens.with(c -> c.subject(userId).claim(AccessTokenClaims.TOKEN_VERSION, 2));
        assertThat(verifier.verify(versionTwo).userId()).isEqualTo(userId);
    }

    @Test
    void refusesATokenVersionThatIsNotANumber() {
        assertRefused(tokens.with(c -> c.claim(AccessTokenClaims.TOKEN_VERSION, "two")), "TOKEN_MALFORMED");
    }

    @Test
    void ignoresRolesItDoesNotKnow() {
        Caller caller = verifier.verify(tokens.valid(UUID.randomUUID().toString(), "STUDENT", "OVERLORD", "UNSPECIFIED"));
        assertThat(caller.roles()).containsExactly(Role.ROLE_STUDENT);
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason())
                .isEqualTo(reason);
    }
}
