package dev.cohort.moderation.app;

import java.time.Instant;
import java.util.UUID;

/** Identity, as moderation acts on accounts: with the moderator's own identity (an admin). */
public interface AccountModeration {

    /**
     * Suspends the account: it can no longer sign in, and its sessions and live streams end. Identity lifts it by
     * itself at {@code until}; null means for good.
     */
    void suspend(UUID userId, String reason, Instant until);
}
