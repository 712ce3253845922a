package dev.cohort.identity.app;

import dev.cohort.auth.Caller;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import dev.cohort.identity.domain.AccountEmails;
import dev.cohort.identity.domain.LinkPurpose;
import dev.cohort.identity.store.UserEntity;
import dev.cohort.identity.store.UserRepository;
import dev.cohort.redis.FixedWindowLimit;
import java.time.Clock;
import org.springframework.transaction.annotation.Transactional;

/**
 * Proving an e-mail address: a link is sent at registration and on request; opening it marks the address verified.
 * Requests are limited per account (a minute apart, five an hour) so that nobody can flood an inbox through us.
 */
public class EmailVerification {

    private final UserRepository users;
    private final AccountLinks links;
    private final AccountEmails emails;
    private final FixedWindowLimit perMinute;
    private final FixedWindowLimit perHour;
    private final Clock clock;

    public EmailVerification(UserRepository users, AccountLinks links, AccountEmails emails,
                             FixedWindowLimit perMinute, FixedWindowLimit perHour, Clock clock) {
        this.users = users;
        this.links = links;
        this.emails = emails;
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.clock = clock;
    }

    /** The link every new account gets, in the registration's transaction. */
    public void sendToNewAccount(UserEntity user) {
        links.send(user.id(), LinkPurpose.VERIFY_EMAIL,
                token -> emails.verification(user.email(), user.displayName(), token));
    }

    /** A fresh link for the caller; earlier ones stop working. */
    @Transactional
    public void resend(Caller caller) {
        UserEntity user = users.findById(caller.userUuid())
                .orElseThrow(() -> new UnauthenticatedException("UNAUTHENTICATED", "sign-in required"));
        if (user.emailVerified()) {
            throw new FailedPreconditionException("EMAIL_ALREADY_VERIFIED", "your e-mail address is already verified");
        }
        String key = user.id().toString();
        perMinute.tryAcquire(key).or(() -> perHour.tryAcquire(key)).ifPresent(wait -> {
            throw new ResourceExhaustedException("RATE_LIMITED",
                    "a verification e-mail was sent moments ago; check your inbox or try again later", wait);
        });
        sendToNewAccount(user);
    }

    /** Marks the link's account verified. */
    @Transactional
    public void verify(String token) {
        UserEntity user = links.redeem(token, LinkPurpose.VERIFY_EMAIL)
                .flatMap(users::findById)
                .orElseThrow(() -> InvalidArgumentException.of("VERIFICATION_TOKEN_INVALID", "token",
                        "this verification link is invalid, was already used, was replaced by a newer one or has "
                                + "expired; ask for a new one"));
        user.markEmailVerified(clock.instant());
    }
}
