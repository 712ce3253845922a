package dev.cohort.identity.app;

import dev.cohort.auth.Caller;
import dev.cohort.auth.RevocationSignal;
import dev.cohort.auth.TokenDenyList;
import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.identity.store.UserEntity;
import java.time.Duration;
import java.time.Instant;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Takes access tokens out of service at once, everywhere (ADR 0021): writes the deny-list (the source of truth
 * every service checks) and then signals the user's revocation, so services holding long-lived calls for the user
 * (chat's live streams) re-check them now instead of at token expiry.
 */
public class TokenRevocation {

    /** Deny-list entries outlive every token they cover. */
    private static final Duration REVOCATION_MARGIN = Duration.ofMinutes(5);

    private final TokenDenyList denyList;
    private final RevocationSignal signal;
    private final IdentityProperties properties;

    public TokenRevocation(TokenDenyList denyList, RevocationSignal signal, IdentityProperties properties) {
        this.denyList = denyList;
        this.signal = signal;
        this.properties = properties;
    }

    /** Retires every access token of the user issued so far (suspension, roles, password, sign-out everywhere). */
    public void retireAllAccessTokens(UserEntity user, Instant now) {
        long version = user.raiseTokenVersion(now);
        denyList.revokeVersionsBelow(user.id().toString(), version, properties.tokens().accessTtl().plus(REVOCATION_MARGIN));
        signalAfterCommit(user.id().toString());
    }

    /** Retires the one access token the caller presented (sign-out of one session). */
    public void retireAccessToken(Caller caller) {
        denyList.revokeToken(caller.tokenId(), caller.expiresAt());
        signalAfterCommit(caller.userId());
    }

    /**
     * The deny-list is written at once (Redis is not part of the transaction); the signal waits for the commit so
     * that a client reconnecting on it finds the database as changed as the deny-list.
     */
    private void signalAfterCommit(String userId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            signal.publish(userId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.publish(userId);
            }
        });
    }
}
