package dev.cohort.identity.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cohort.auth.AccessTokenClaims;
import dev.cohort.auth.AuthSettings;
import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.identity.domain.Role;
import dev.cohort.identity.domain.Roles;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/** Signs access tokens in the shape {@link AccessTokenClaims} describes, with the current signing key. */
public class AccessTokenIssuer {

    /** A signed token and when it expires. */
    public record AccessToken(String token, String tokenId, Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[tokenId=" + tokenId + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final SigningKeys keys;
    private final AuthSettings auth;
    private final IdentityProperties properties;
    private final Clock clock;

    public AccessTokenIssuer(SigningKeys keys, AuthSettings auth, IdentityProperties properties, Clock clock) {
        this.keys = keys;
        this.auth = auth;
        this.properties = properties;
        this.clock = clock;
    }

    public AccessToken issue(UUID userId, Set<Role> roles, long tokenVersion, UUID sessionId, boolean emailVerified) {
        // JWT times have one-second resolution; truncating keeps iat comparable with revocation cut-offs.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(properties.tokens().accessTtl());
        String tokenId = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(auth.issuer())
                .audience(auth.audience())
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(tokenId)
                .claim(AccessTokenClaims.SESSION_ID, sessionId.toString())
                .claim(AccessTokenClaims.ROLES, Roles.claim(roles))
                .claim(AccessTokenClaims.TOKEN_VERSION, tokenVersion)
                .claim(AccessTokenClaims.EMAIL_VERIFIED, emailVerified)
                .build();
        ECKey key = keys.activeKey();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType(AccessTokenClaims.TYPE))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new ECDSASigner(key));
            return new AccessToken(jwt.serialize(), tokenId, expiresAt);
        } catch (JOSEException broken) {
            throw new IllegalStateException("cannot sign an access token", broken);
        }
    }
}
