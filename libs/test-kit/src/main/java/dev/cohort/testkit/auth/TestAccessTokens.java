package dev.cohort.testkit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Real ES256 access tokens for service tests that run without identity: a key pair of its own, its public JWK
 * Set (give it to the service as its key source, e.g. a {@code @Bean JwkSetSource keys() { return
 * tokens::jwkSet; }}), and tokens in exactly the shape identity issues, with the platform's default issuer and
 * audience. Roles are short names: {@code "STUDENT"}, {@code "INSTRUCTOR"}, {@code "ADMIN"}.
 */
public final class TestAccessTokens {

    public static final String ISSUER = "https://identity.cohort.dev";
    public static final String AUDIENCE = "cohort-api";

    private final ECKey key;

    public TestAccessTokens() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("test-" + UUID.randomUUID())
                    .algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The public keys that verify this issuer's tokens. */
    public JWKSet jwkSet() {
        return new JWKSet(key.toPublicJWK());
    }

    /** A token for {@code userId} with these roles, valid for 10 minutes. */
    public String token(String userId, String... roles) {
        return tokenValidFor(Duration.ofMinutes(10), userId, roles);
    }

    /** A token for {@code userId} with these roles that expires {@code lifetime} from now (e-mail verified). */
    public String tokenValidFor(Duration lifetime, String userId, String... roles) {
        return token(lifetime, true, userId, roles);
    }

    /** A token for {@code userId} whose e-mail address is not verified yet, valid for 10 minutes. */
    public String unverifiedToken(String userId, String... roles) {
        return token(Duration.ofMinutes(10), false, userId, roles);
    }

    private String token(Duration lifetime, boolean emailVerified, String userId, String... roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(userId)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", UUID.randomUUID().toString())
                .claim("roles", List.of(roles))
                .claim("ver", 0)
                .claim("email_verified", emailVerified)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
