package dev.cohort.auth;

import java.time.Duration;
import java.time.Instant;

/** {@link TokenDenyList#none()}: nothing is revoked, and nothing can be. */
enum NoTokenDenyList implements TokenDenyList {
    INSTANCE;

    @Override
    public boolean isRevoked(String tokenId, String userId, long tokenVersion) {
        return false;
    }

    @Override
    public boolean answersAtOnce() {
        return true;
    }

    @Override
    public void revokeToken(String tokenId, Instant expiresAt) {
        throw new UnsupportedOperationException("this deny-list revokes nothing");
    }

    @Override
    public void revokeVersionsBelow(String userId, long minimumVersion, Duration retention) {
        throw new UnsupportedOperationException("this deny-list revokes nothing");
    }
}
