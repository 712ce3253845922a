package dev.cohort.profile.app;

import dev.cohort.profile.store.ProfileRepository;
import java.time.Instant;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * New accounts get their profile: the name and e-mail they registered with, and the protective defaults. A
 * suspended account's profile is hidden from everyone but its owner until the account is reinstated.
 */
public class Registrations {

    private final ProfileRepository profiles;

    public Registrations(ProfileRepository profiles) {
        this.profiles = profiles;
    }

    /**
     * Creates {@code userId}'s profile unless it exists; true when this call created it. Runs in the transaction
     * that records the registration event as applied (or its own).
     */
    @Transactional
    public boolean registered(UUID userId, String email, String displayName, Instant registeredAt) {
        return profiles.insertIfAbsent(userId, email, displayName.strip(), registeredAt) == 1;
    }

    /** Identity suspended ({@code true}) or reinstated {@code userId}'s account. */
    @Transactional
    public void suspended(UUID userId, boolean suspended) {
        profiles.markSuspended(userId, suspended);
    }
}
