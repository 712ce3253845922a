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
import dev.cohort.identity.domain.Secrets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/**
 * Signs access tokens in the shape {@link AccessTokenClaims} describes, with the current signing key.
 *
 * <p>A token travels in the {@code authorization} header of every call, so its length is a per-call cost: a student's
 * token is kept under 512 characters, the length from which Netty's HPACK encoder (as Armeria's clients use it;
 * grpc-java turns Huffman coding off) Huffman-codes a header value that the receiver must then decode bit by bit
 * (ADR 87). Hence no
 * {@code nbf} (it always equalled {@code iat}), a 12-byte random {@code jti} rather than a UUID's 36 characters,
 * {@code email_verified} only when true (absent means no), and short key ids ({@link SigningKeys}).
 */
public class AccessTokenIssuer {

    /**
     * Random bytes in a token id: 96 bits, written as 16 base64url characters. A token id needs to be unique only
     * among the tokens alive at once (minutes), where 96 random bits make a collision beyond reach.
     */
    private static final int TOKEN_ID_BYTES = 12;

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
        String tokenId = Secrets.newSecret("", TOKEN_ID_BYTES);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(auth.issuer())
                .audience(auth.audience())
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(tokenId)
                .claim(AccessTokenClaims.SESSION_ID, sessionId.toString())
                .claim(AccessTokenClaims.ROLES, Roles.claim(roles))
                .claim(AccessTokenClaims.TOKEN_VERSION, tokenVersion);
        if (emailVerified) {
            claims.claim(AccessTokenClaims.EMAIL_VERIFIED, true);
        }
        ECKey key = keys.activeKey();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType(AccessTokenClaims.TYPE))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims.build());
            jwt.sign(new ECDSASigner(key));
            return new AccessToken(jwt.serialize(), tokenId, expiresAt);
        } catch (JOSEException broken) {
            throw new IllegalStateException("cannot sign an access token", broken);
        }
    }
}
