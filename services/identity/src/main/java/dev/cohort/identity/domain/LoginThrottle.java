package dev.cohort.identity.domain;

import java.time.Duration;
import java.util.Optional;

/** Limits failed sign-ins per account and per client address, to stop password guessing. */
public interface LoginThrottle {

    /** Empty when a sign-in may be tried now; otherwise how long the caller should wait at most. */
    Optional<Duration> blockedFor(String normalisedEmail, String clientAddress);

    void recordFailure(String normalisedEmail, String clientAddress);

    /** A successful sign-in clears the account's failures (the address keeps its count). */
    void recordSuccess(String normalisedEmail);
}
