package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cohort.identity.app.SigningKeys;
import dev.cohort.identity.v1.GetJwksRequest;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.LoginResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The token attack matrix against the running service: every forged or misused token is refused with
 * UNAUTHENTICATED. Forgeries that need a real signature are signed with identity's own current key, so the
 * only thing wrong with them is the thing under test.
 */
class TokenAttackTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, TokenAttackTest.class);
    }

    @Autowired
    SigningKeys signingKeys;
    LoginResponse victim;
    JWTClaimsSet genuineClaims;

    @BeforeAll
    void prepare() throws Exception {
        victim = client.newStudent("victim");
        genuineClaims = SignedJWT.parse(victim.getTokens().getAccessToken()).getJWTClaimsSet();
    }

    String forge(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(signingKeys.activeKey(), change.apply(new JWTClaimsSet.Builder(genuineClaims).jwtID(UUID.randomUUID().toString())).build());
    }

    static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void assertRefused(String token, String expectedReason) {
        StatusRuntimeException error = failure(() -> client.as(token).getMe(GetMeRequest.getDefaultInstance()));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(error)).isEqualTo(expectedReason);
    }

    @Test
    void theGenuineTokenWorks() {
        assertThat(client.as(victim.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()).getUser().getUserId())
                .isEqualTo(victim.getUser().getUserId());
        assertThat(client.as(forge(c -> c)).getMe(GetMeRequest.getDefaultInstance()).getUser().getUserId())
                .as("a re-signed copy of the genuine claims passes, so each refusal below is about its one change")
                .isEqualTo(victim.getUser().getUserId());
    }

    @Test
    void aStudentsTokenStaysShortEnoughToTravelWithoutHuffmanCoding() throws Exception {
        String token = victim.getTokens().getAccessToken();
        SignedJWT parsed = SignedJWT.parse(token);
        // Netty's HPACK encoder Huffman-codes header values from 512 characters on (ADR 87); "Bearer " counts too.
        assertThat(("Bearer " + token).length()).isLessThan(512);
        assertThat(parsed.getJWTClaimsSet().getNotBeforeTime()).as("nbf is not written; it equalled iat").isNull();
        assertThat(parsed.getJWTClaimsSet().getJWTID()).hasSize(16).matches("[A-Za-z0-9_-]+");
        assertThat(parsed.getHeader().getKeyID()).hasSize(8).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void algNone() {
        assertRefused(new PlainJWT(genuineClaims).serialize(), "TOKEN_MALFORMED");
    }

    @Test
    void hs256SignedWithThePublicKey() throws Exception {
        String publicJwk = signingKeys.activeKey().toPublicJWK().toJSONString();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKeys.activeKey().getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), genuineClaims);
        jwt.sign(new MACSigner((publicJwk + publicJwk).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertRefused(jwt.serialize(), "TOKEN_ALGORITHM_NOT_ALLOWED");
    }

    @Test
    void wrongIssuer() {
        assertRefused(forge(c -> c.issuer("https://evil.example")), "TOKEN_ISSUER_INVALID");
    }

    @Test
    void wrongAudience() {
        assertRefused(forge(c -> c.audience("some-other-api")), "TOKEN_AUDIENCE_INVALID");
    }

    @Test
    void expired() {
        Instant past = Instant.now().minusSeconds(3600);
        assertRefused(forge(c -> c.issueTime(Date.from(past)).notBeforeTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(600)))), "TOKEN_EXPIRED");
    }

    @Test
    void notYetValid() {
        assertRefused(forge(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))), "TOKEN_NOT_YET_VALID");
    }

    @Test
    void unknownKeyId() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("es256-" + UUID.randomUUID()).generate();
        assertRefused(sign(stranger, genuineClaims), "TOKEN_KEY_UNKNOWN");
    }

    @Test
    void refreshTokenUsedAsAccessToken() {
        assertRefused(victim.getTokens().getRefreshToken(), "TOKEN_MALFORMED");
    }

    @Test
    void noToken() {
        StatusRuntimeException error = failure(() -> client.anonymous().getMe(GetMeRequest.getDefaultInstance()));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(error)).isEqualTo("TOKEN_MISSING");
    }

    @Test
    void tamperedPayload() {
        String[] parts = victim.getTokens().getAccessToken().split("\\.");
        String otherClaims = new JWTClaimsSet.Builder(genuineClaims).claim("roles", List.of("ADMIN")).build().toPayload()
                .toBase64URL().toString();
        assertRefused(parts[0] + "." + otherClaims + "." + parts[2], "TOKEN_SIGNATURE_INVALID");
    }

    @Test
    void aNewKeyIsPublishedBeforeItSigns() throws Exception {
        String current = signingKeys.activeKey().getKeyID();

        String pending = signingKeys.rotate(java.time.Duration.ofMinutes(15));

        assertThat(client.anonymous().getJwks(GetJwksRequest.getDefaultInstance()).getKeysList())
                .extracting(dev.cohort.identity.v1.Jwk::getKid).contains(current, pending);
        String token = client.newStudent("pending-key").getTokens().getAccessToken();
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(current);
    }

    @Test
    void keyRotationSignsNobodyOut() throws Exception {
        String before = client.newStudent("before-rotation").getTokens().getAccessToken();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        String newKid = signingKeys.rotate(java.time.Duration.ZERO);
        String after = client.newStudent("after-rotation").getTokens().getAccessToken();

        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid).isNotEqualTo(oldKid);
        assertThat(client.as(before).getMe(GetMeRequest.getDefaultInstance()).hasUser()).isTrue();
        assertThat(client.as(after).getMe(GetMeRequest.getDefaultInstance()).hasUser()).isTrue();
        assertThat(client.anonymous().getJwks(GetJwksRequest.getDefaultInstance()).getKeysList())
                .extracting(dev.cohort.identity.v1.Jwk::getKid).contains(oldKid, newKid);
    }
}
