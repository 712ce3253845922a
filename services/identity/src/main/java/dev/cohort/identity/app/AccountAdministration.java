package dev.cohort.identity.app;

import dev.cohort.auth.Caller;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.identity.domain.Role;
import dev.cohort.identity.events.IdentityEvents;
import dev.cohort.identity.store.AccountReads;
import dev.cohort.identity.store.RefreshTokenRepository;
import dev.cohort.identity.store.UserEntity;
import dev.cohort.identity.store.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * What admins do to accounts. Changes that take rights away take effect at once: the user's refresh tokens are
 * revoked and every access token issued before the change is deny-listed across all services.
 */
public class AccountAdministration {

    private final UserRepository users;
    private final AccountReads accounts;
    private final RefreshTokenRepository refreshTokens;
    private final TokenRevocation revocation;
    private final IdentityEvents events;
    private final Clock clock;

    public AccountAdministration(UserRepository users, AccountReads accounts, RefreshTokenRepository refreshTokens,
                                 TokenRevocation revocation, IdentityEvents events, Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.revocation = revocation;
        this.events = events;
        this.clock = clock;
    }

    /** One statement, no transaction (ADR 0064): GetMe is called on every page load. */
    public UserView get(String userId) {
        AccountReads.Account account = accounts.account(UUID.fromString(userId))
                .orElseThrow(() -> userNotFound(userId));
        return new UserView(account.id(), account.email(), account.displayName(), account.roles(),
                account.suspended(), account.createdAt(), account.emailVerified(), account.suspendedUntil());
    }

    /**
     * Suspends the account until {@code until}, or for good when it is null (the contract checked that a time is
     * in the future and at most ten years away). A timed suspension is lifted by {@link SuspensionEnds}.
     */
    @Transactional
    public UserView suspend(Caller admin, String userId, String reason, Instant until) {
        UserEntity user = find(userId);
        if (user.id().toString().equals(admin.userId())) {
            throw new FailedPreconditionException("CANNOT_SUSPEND_SELF", "admins cannot suspend themselves");
        }
        if (user.isSuspended()) {
            throw new FailedPreconditionException("ALREADY_SUSPENDED", "the account is already suspended");
        }
        Instant now = clock.instant();
        // The database keeps microseconds: answer the end exactly as later reads will show it.
        Instant end = until == null ? null : until.truncatedTo(ChronoUnit.MICROS);
        user.suspend(reason.strip(), end, UUID.fromString(admin.userId()), now);
        revokeEverything(user, now);
        events.suspended(user, reason.strip(), admin.userId());
        return UserView.of(user);
    }

    @Transactional
    public UserView reinstate(Caller admin, String userId) {
        UserEntity user = find(userId);
        if (!user.isSuspended()) {
            throw new FailedPreconditionException("NOT_SUSPENDED", "the account is not suspended");
        }
        user.reinstate(clock.instant());
        events.reinstated(user, admin.userId());
        return UserView.of(user);
    }

    @Transactional
    public UserView setRoles(Caller admin, String userId, Set<Role> roles) {
        UserEntity user = find(userId);
        if (user.id().toString().equals(admin.userId()) && !roles.contains(Role.ADMIN)) {
            throw new FailedPreconditionException("CANNOT_DEMOTE_SELF", "admins cannot remove their own admin role");
        }
        Set<Role> newRoles = EnumSet.copyOf(roles);
        if (!newRoles.equals(user.roles())) {
            Instant now = clock.instant();
            user.replaceRoles(newRoles, now);
            // Tokens carry roles: make the user fetch new ones (a refresh still works, and picks up the change).
            revocation.retireAllAccessTokens(user, now);
            events.rolesChanged(user, admin.userId());
        }
        return UserView.of(user);
    }

    private void revokeEverything(UserEntity user, Instant now) {
        refreshTokens.revokeAllOfUser(user.id());
        revocation.retireAllAccessTokens(user, now);
    }

    private UserEntity find(String userId) {
        return users.findById(UUID.fromString(userId))
                .orElseThrow(() -> userNotFound(userId));
    }

    private static NotFoundException userNotFound(String userId) {
        return new NotFoundException("USER_NOT_FOUND", "no such user", Map.of("userId", userId));
    }
}
