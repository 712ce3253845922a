package dev.cohort.identity.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * Slows password guessing without locking owners out (ADR 0020). Every attempt is counted when it is admitted, per
 * (account, address) pair, per address (password spraying) and per account (guessing from many addresses, not
 * counted for addresses the account signed in from before); past a number of free attempts each further one must
 * wait twice as long as the one before. A successful sign-in clears its pair and gives back what it took.
 */
public interface LoginThrottle {

    /**
     * Admits one sign-in attempt and counts it as a failure until {@link #succeeded} says otherwise; or, when the
     * caller must wait first, counts nothing and answers how long.
     */
    Optional<Duration> admit(String normalisedEmail, String clientAddress);

    /** The admitted attempt failed: its delays run from now, when the guesser learns the answer. */
    void failed(String normalisedEmail, String clientAddress);

    /** The admitted attempt proved the password: its pair starts afresh and the address becomes a known one. */
    void succeeded(String normalisedEmail, String clientAddress);
}
