package dev.cohort.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Mints tokens for tests: valid ones, and each kind of forgery the verifier must refuse. */
final class TestTokens {

    static final String ISSUER = "https://identity.test";
    static final String AUDIENCE = "cohort-test";

    final ECKey key;

    TestTokens(String keyId) {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(keyId).algorithm(JWSAlgorithm.ES256)
                    .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    JWTClaimsSet.Builder claims(String userId, List<String> roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(userId)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim(AccessTokenClaims.SESSION_ID, UUID.randomUUID().toString())
                .claim(AccessTokenClaims.ROLES, roles);
    }

    String valid(String userId, String... roles) {
        return sign(claims(userId, List.of(roles)).build());
    }

    String verified(String userId, String... roles) {
        return sign(claims(userId, List.of(roles)).claim(AccessTokenClaims.EMAIL_VERIFIED, true).build());
    }

    String with(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims(UUID.randomUUID().toString(), List.of("STUDENT"))).build());
    }

    String sign(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(new JOSEObjectType(AccessTokenClaims.TYPE)).build(), claims);
    }

    String sign(JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classic confusion attack: HMAC with the verifier's public key as the shared secret. */
    String hmacSignedWithPublicKey() {
        try {
            byte[] secret = key.toPublicJWK().toJSONString().repeat(2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID())
                    .type(new JOSEObjectType(AccessTokenClaims.TYPE)).build(),
                    claims(UUID.randomUUID().toString(), List.of("ADMIN")).build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}) claiming to be an admin. */
    String unsigned() {
        var plain = new com.nimbusds.jwt.PlainJWT(claims(UUID.randomUUID().toString(), List.of("ADMIN")).build());
        return plain.serialize();
    }
}
