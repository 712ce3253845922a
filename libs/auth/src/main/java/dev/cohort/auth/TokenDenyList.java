package dev.cohort.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Access tokens that must be refused before they expire: one token after its owner signed out, or every token
 * of a user below a token version (suspension, role change). Versions are exact where timestamps are not:
 * tokens have one-second times, and a token issued just after a change must not be caught by it.
 */
public interface TokenDenyList {

    /** True when this token was revoked, or its user's tokens below {@code tokenVersion + 1} were. */
    boolean isRevoked(String tokenId, String userId, long tokenVersion);

    /**
     * {@link #isRevoked} without blocking the caller, so that {@link AccessTokenVerifier} can bound how long it waits
     * for an answer (ADR 0028). A list kept elsewhere (Redis) overrides it; the default answers at once.
     */
    default CompletionStage<Boolean> isRevokedAsync(String tokenId, String userId, long tokenVersion) {
        try {
            return CompletableFuture.completedFuture(isRevoked(tokenId, userId, tokenVersion));
        } catch (RuntimeException failed) {
            return CompletableFuture.failedFuture(failed);
        }
    }

    /**
     * True when {@link #isRevokedAsync} always answers at once from memory, so that a caller which must not block
     * (an event loop) may ask it; false (the default) for a list kept elsewhere.
     */
    default boolean answersAtOnce() {
        return false;
    }

    /**
     * A list no token is ever on, answering at once: for an edge that checks signatures and times and leaves
     * revocation to the services behind it (the gateway, as Envoy's jwt_authn). It revokes nothing.
     */
    static TokenDenyList none() {
        return NoTokenDenyList.INSTANCE;
    }

    /** Refuses this one token until it would have expired anyway. */
    void revokeToken(String tokenId, Instant expiresAt);

    /** Refuses every token of the user whose version is below {@code minimumVersion}; remembered for
     * {@code retention} (at least the longest access-token lifetime). */
    void revokeVersionsBelow(String userId, long minimumVersion, Duration retention);
}
