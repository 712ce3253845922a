package dev.cohort.identity.app;

import dev.cohort.identity.domain.Role;
import dev.cohort.identity.store.UserEntity;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An account as it is when its use case ends: what its owner and admins are shown, never its secrets.
 * {@code suspendedUntil} is when a suspension for a time ends; null when active or suspended for good.
 */
public record UserView(UUID id, String email, String displayName, Set<Role> roles, boolean suspended,
                       Instant createdAt, boolean emailVerified, Instant suspendedUntil) {

    public UserView {
        roles = Set.copyOf(roles);
    }

    static UserView of(UserEntity user) {
        return new UserView(user.id(), user.email(), user.displayName(), user.roles(), user.isSuspended(),
                user.createdAt(), user.emailVerified(), user.suspendedUntil());
    }
}
