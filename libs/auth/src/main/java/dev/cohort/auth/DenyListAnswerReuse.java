package dev.cohort.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the verifier's reuse of deny-list answers to the revocation signal (ADR 0063): the verifier reuses
 * answers only once the subscription is established, and drops a user's answers when their tokens are revoked. If
 * the subscription cannot be made, nothing is reused and every call asks the deny-list, as before.
 */
public final class DenyListAnswerReuse implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DenyListAnswerReuse.class);

    private final AutoCloseable listening;

    public DenyListAnswerReuse(RevocationSignal signal, AccessTokenVerifier verifier) {
        AutoCloseable subscription = null;
        try {
            subscription = signal.listen(verifier::tokensRevokedOf, verifier::revocationSignalSubscribed);
        } catch (RuntimeException unavailable) {
            log.atWarn().addKeyValue("cause", String.valueOf(unavailable))
                    .log("revocation signal not subscribed; the deny-list is asked on every call");
        }
        this.listening = subscription;
    }

    @Override
    public void close() throws Exception {
        if (listening != null) {
            listening.close();
        }
    }
}
