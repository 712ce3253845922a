package dev.cohort.identity.app;

import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.identity.domain.AccountEmails;
import dev.cohort.identity.domain.EmailAddress;
import dev.cohort.identity.domain.LinkPurpose;
import dev.cohort.identity.domain.PasswordHasher;
import dev.cohort.identity.domain.PasswordPolicy;
import dev.cohort.identity.store.RefreshTokenRepository;
import dev.cohort.identity.store.UserEntity;
import dev.cohort.identity.store.UserRepository;
import dev.cohort.redis.FixedWindowLimit;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgotten passwords. Asking for a reset answers the same whether or not an account has the address (the e-mail
 * is queued and sent after the answer, so SMTP's time does not show in the answer's; what is left is two small
 * inserts, within the noise of a network round trip); a client address may ask
 * {@code perAddress} times an hour (RESOURCE_EXHAUSTED beyond, for known and unknown addresses alike), and an
 * account gets at most three links an hour, silently, so that nobody can flood someone's inbox. Resetting ends every
 * sign-in of the account, like a password change.
 */
public class PasswordReset {

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final AccountLinks links;
    private final AccountEmails emails;
    private final PasswordPolicy passwordPolicy;
    private final PasswordHasher hasher;
    private final TokenRevocation revocation;
    private final FixedWindowLimit perClientAddress;
    private final FixedWindowLimit perAccount;
    private final Clock clock;

    public PasswordReset(UserRepository users, RefreshTokenRepository refreshTokens, AccountLinks links,
                         AccountEmails emails, PasswordPolicy passwordPolicy, PasswordHasher hasher,
                         TokenRevocation revocation, FixedWindowLimit perClientAddress, FixedWindowLimit perAccount,
                         Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.links = links;
        this.emails = emails;
        this.passwordPolicy = passwordPolicy;
        this.hasher = hasher;
        this.revocation = revocation;
        this.perClientAddress = perClientAddress;
        this.perAccount = perAccount;
        this.clock = clock;
    }

    /** Sends a reset link if an active account has the address; answers nothing either way. */
    @Transactional
    public void request(String email, String clientAddress) {
        perClientAddress.tryAcquire(clientAddress).ifPresent(wait -> {
            throw new ResourceExhaustedException("RATE_LIMITED", "too many password resets asked from here; try again later",
                    wait);
        });
        users.findByEmail(EmailAddress.normalise(email))
                .filter(user -> !user.isSuspended())
                .filter(user -> perAccount.tryAcquire(user.id().toString()).isEmpty())
                .ifPresent(user -> links.send(user.id(), LinkPurpose.RESET_PASSWORD,
                        token -> emails.passwordReset(user.email(), user.displayName(), token)));
    }

    /**
     * Sets the new password of the link's account. A weak password is refused before the link is used, so the
     * person can try another one with the same link.
     */
    @Transactional
    public void reset(String token, String newPassword) {
        UserEntity user = links.redeem(token, LinkPurpose.RESET_PASSWORD)
                .flatMap(users::findById)
                .orElseThrow(() -> InvalidArgumentException.of("RESET_TOKEN_INVALID", "token",
                        "this reset link is invalid, was already used or has expired; ask for a new one"));
        List<FieldViolation> violations = passwordPolicy.check(newPassword, user.email()).stream()
                .map(violation -> new FieldViolation("new_password", violation.description()))
                .toList();
        if (!violations.isEmpty()) {
            // The exception rolls the transaction back, and with it the token's use.
            throw new InvalidArgumentException("PASSWORD_TOO_WEAK", violations);
        }
        Instant now = clock.instant();
        user.replacePasswordHash(hasher.hash(newPassword), now);
        // The link reached the address: it is the owner's.
        user.markEmailVerified(now);
        links.closeAll(user.id(), LinkPurpose.RESET_PASSWORD);
        refreshTokens.revokeAllOfUser(user.id());
        revocation.retireAllAccessTokens(user, now);
    }
}
