package dev.cohort.identity.app;

import dev.cohort.auth.Caller;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.identity.domain.EmailAddress;
import dev.cohort.identity.domain.LoginThrottle;
import dev.cohort.identity.domain.PasswordHasher;
import dev.cohort.identity.domain.PasswordPolicy;
import dev.cohort.identity.domain.Secrets;
import dev.cohort.identity.store.RefreshTokenEntity;
import dev.cohort.identity.store.RefreshTokenRepository;
import dev.cohort.identity.store.RefreshTokenStatus;
import dev.cohort.identity.store.UserEntity;
import dev.cohort.identity.store.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in, refresh and sign-out. A sign-in starts a refresh-token family; each refresh rotates the token within
 * it; presenting a token that was already rotated means it was copied, so the whole family is revoked (the
 * revocation commits even though the call fails).
 */
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    private static final String REFRESH_TOKEN_PREFIX = "crt_";

    /** A successful sign-in. */
    public record SignedIn(UserView user, TokenPair tokens) {
    }

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AccessTokenIssuer issuer;
    private final TokenRevocation revocation;
    private final PasswordPolicy passwordPolicy;
    private final SuspensionEnds suspensions;
    private final IdentityProperties properties;
    private final Clock clock;

    public SessionService(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
                          LoginThrottle throttle, AccessTokenIssuer issuer, TokenRevocation revocation,
                          PasswordPolicy passwordPolicy, SuspensionEnds suspensions, IdentityProperties properties,
                          Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.issuer = issuer;
        this.revocation = revocation;
        this.passwordPolicy = passwordPolicy;
        this.suspensions = suspensions;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public SignedIn login(String email, String password, String clientAddress) {
        String normalised = EmailAddress.normalise(email);
        // Admitted attempts count as failures until the password is proven (so parallel guesses are all counted).
        throttle.admit(normalised, clientAddress).ifPresent(wait -> {
            throw new ResourceExhaustedException("TOO_MANY_FAILED_SIGN_INS",
                    "too many failed sign-ins; try again later", wait);
        });
        Optional<UserEntity> found = users.findByEmail(normalised);
        boolean passwordMatches = found.map(user -> hasher.matches(password, user.passwordHash())).orElseGet(() -> {
            hasher.matchAgainstDummy(password); // same effort whether or not the account exists
            return false;
        });
        if (!passwordMatches) {
            throttle.failed(normalised, clientAddress);
            throw new UnauthenticatedException("INVALID_CREDENTIALS", "e-mail or password is incorrect");
        }
        UserEntity user = found.orElseThrow();
        if (!suspensions.liftIfEnded(user, clock.instant())) {
            throw new PermissionDeniedException("ACCOUNT_SUSPENDED", "this account is suspended");
        }
        throttle.succeeded(normalised, clientAddress);
        if (hasher.needsRehash(user.passwordHash())) {
            user.replacePasswordHash(hasher.hash(password), clock.instant());
        }
        return new SignedIn(UserView.of(user), startFamily(user));
    }

    @Transactional(noRollbackFor = UnauthenticatedException.class)
    public TokenPair refresh(String refreshToken) {
        Instant now = clock.instant();
        RefreshTokenEntity presented = refreshTokens.findForUpdate(Secrets.hash(refreshToken))
                .orElseThrow(SessionService::invalidRefreshToken);
        if (presented.status() == RefreshTokenStatus.ROTATED) {
            int revoked = refreshTokens.revokeFamily(presented.familyId());
            log.atWarn().addKeyValue("familyId", presented.familyId()).addKeyValue("revoked", revoked)
                    .log("a rotated refresh token was presented again; revoked its family");
            throw new UnauthenticatedException("REFRESH_TOKEN_REUSED",
                    "refresh token was already used; sign in again");
        }
        if (presented.status() == RefreshTokenStatus.REVOKED || presented.isExpiredAt(now)) {
            throw invalidRefreshToken();
        }
        UserEntity user = users.findById(presented.userId()).orElseThrow(SessionService::invalidRefreshToken);
        if (!suspensions.liftIfEnded(user, now)) {
            throw new PermissionDeniedException("ACCOUNT_SUSPENDED", "this account is suspended");
        }
        presented.markRotated(now);
        return issuePair(user, presented.familyId(), now);
    }

    /** Ends the caller's sign-in: revokes its family and deny-lists the access token it presented. */
    @Transactional
    public void logout(Caller caller) {
        if (caller.sessionId() != null) {
            refreshTokens.revokeFamily(UUID.fromString(caller.sessionId()));
        }
        revocation.retireAccessToken(caller);
    }

    /** Ends every sign-in of the caller's account: all refresh tokens, and every access token issued so far. */
    @Transactional
    public void logoutEverywhere(Caller caller) {
        UserEntity user = users.findById(UUID.fromString(caller.userId())).orElseThrow(SessionService::signInAgain);
        refreshTokens.revokeAllOfUser(user.id());
        revocation.retireAllAccessTokens(user, clock.instant());
    }

    /**
     * Replaces the caller's password once they proved the current one (throttled like a sign-in, from the same
     * address), ends every sign-in of the account and starts a new one for the caller.
     */
    @Transactional
    public TokenPair changePassword(Caller caller, String currentPassword, String newPassword, String clientAddress) {
        UserEntity user = users.findById(UUID.fromString(caller.userId())).orElseThrow(SessionService::signInAgain);
        throttle.admit(user.email(), clientAddress).ifPresent(wait -> {
            throw new ResourceExhaustedException("TOO_MANY_FAILED_SIGN_INS",
                    "too many wrong passwords; try again later", wait);
        });
        if (!hasher.matches(currentPassword, user.passwordHash())) {
            throttle.failed(user.email(), clientAddress);
            throw new PermissionDeniedException("CURRENT_PASSWORD_INCORRECT", "the current password is incorrect");
        }
        throttle.succeeded(user.email(), clientAddress);
        List<FieldViolation> violations = passwordPolicy.check(newPassword, user.email()).stream()
                .map(violation -> new FieldViolation("new_password", violation.description()))
                .toList();
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException("PASSWORD_TOO_WEAK", violations);
        }
        Instant now = clock.instant();
        user.replacePasswordHash(hasher.hash(newPassword), now);
        refreshTokens.revokeAllOfUser(user.id());
        revocation.retireAllAccessTokens(user, now);
        return startFamily(user);
    }

    private TokenPair startFamily(UserEntity user) {
        return issuePair(user, UUID.randomUUID(), clock.instant());
    }

    private TokenPair issuePair(UserEntity user, UUID familyId, Instant now) {
        String refreshToken = Secrets.newSecret(REFRESH_TOKEN_PREFIX, 32);
        Instant refreshExpiresAt = now.plus(properties.tokens().refreshTtl());
        refreshTokens.save(new RefreshTokenEntity(familyId, user.id(), Secrets.hash(refreshToken), now, refreshExpiresAt));
        AccessTokenIssuer.AccessToken access = issuer.issue(user.id(), user.roles(), user.tokenVersion(), familyId,
                user.emailVerified());
        return new TokenPair(access.token(), access.expiresAt(), refreshToken, refreshExpiresAt);
    }

    /** The token's account is gone; nothing it could do is left. */
    private static UnauthenticatedException signInAgain() {
        return new UnauthenticatedException("UNAUTHENTICATED", "sign-in required");
    }

    private static UnauthenticatedException invalidRefreshToken() {
        return new UnauthenticatedException("REFRESH_TOKEN_INVALID", "refresh token is invalid or expired");
    }
}
