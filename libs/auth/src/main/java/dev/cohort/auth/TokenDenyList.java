package dev.cohort.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * Access tokens that must be refused before they expire: one token after its owner signed out, or every token
 * of a user issued before a moment (suspension, password change).
 */
public interface TokenDenyList {

    /** True when this token, or every token of its user issued at that time, has been revoked. */
    boolean isRevoked(String tokenId, String userId, Instant issuedAt);

    /** Refuses this one token until it would have expired anyway. */
    void revokeToken(String tokenId, Instant expiresAt);

    /** Refuses every token of the user issued before {@code before}; remembered for {@code retention}
     * (at least the longest access-token lifetime). */
    void revokeTokensIssuedBefore(String userId, Instant before, Duration retention);
}
