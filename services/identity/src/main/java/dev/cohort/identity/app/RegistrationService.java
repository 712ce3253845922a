package dev.cohort.identity.app;

import dev.cohort.grpc.common.errors.AlreadyExistsException;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.identity.domain.EmailAddress;
import dev.cohort.identity.domain.PasswordHasher;
import dev.cohort.identity.domain.PasswordPolicy;
import dev.cohort.identity.domain.Role;
import dev.cohort.identity.domain.Secrets;
import dev.cohort.identity.events.IdentityEvents;
import dev.cohort.identity.store.InvitationEntity;
import dev.cohort.identity.store.InvitationRepository;
import dev.cohort.identity.store.UserEntity;
import dev.cohort.identity.store.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.annotation.Transactional;

/** Creates accounts: checks the password policy, the e-mail's uniqueness and, when required, the invitation. */
public class RegistrationService {

    private final UserRepository users;
    private final InvitationRepository invitations;
    private final PasswordPolicy passwordPolicy;
    private final PasswordHasher hasher;
    private final IdentityProperties properties;
    private final IdentityEvents events;
    private final EmailVerification verification;
    private final Clock clock;

    public RegistrationService(UserRepository users, InvitationRepository invitations, PasswordPolicy passwordPolicy,
                               PasswordHasher hasher, IdentityProperties properties, IdentityEvents events,
                               EmailVerification verification, Clock clock) {
        this.users = users;
        this.invitations = invitations;
        this.passwordPolicy = passwordPolicy;
        this.hasher = hasher;
        this.properties = properties;
        this.events = events;
        this.verification = verification;
        this.clock = clock;
    }

    /** A new account in the deployment's registration mode. */
    @Transactional
    public UserView register(String email, String password, String displayName, String invitationCode) {
        String normalised = EmailAddress.normalise(email);
        List<FieldViolation> violations = passwordPolicy.check(password, normalised);
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException("PASSWORD_TOO_WEAK", violations);
        }
        Instant now = clock.instant();
        Optional<InvitationEntity> invitation = Optional.empty();
        if (properties.registrationMode() == IdentityProperties.RegistrationMode.INVITATION_ONLY) {
            invitation = Optional.of(claimInvitation(invitationCode, normalised, now));
        }
        Role role = invitation.map(i -> Role.valueOf(i.role())).orElse(Role.STUDENT);
        UserEntity user = create(normalised, displayName.strip(), password, Set.of(role), now);
        invitation.ifPresent(i -> i.markUsed(user.id(), now));
        verification.sendToNewAccount(user);
        return UserView.of(user);
    }

    /**
     * An account with the given roles, outside the registration rules (bootstrap admin). Its address counts as
     * verified: the operator who configured it vouches for it, and no link is sent.
     */
    @Transactional
    public UserView createWithRoles(String email, String password, String displayName, Set<Role> roles) {
        String normalised = EmailAddress.normalise(email);
        List<FieldViolation> violations = passwordPolicy.check(password, normalised);
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException("PASSWORD_TOO_WEAK", violations);
        }
        Instant now = clock.instant();
        UserEntity user = create(normalised, displayName, password, roles, now);
        user.markEmailVerified(now);
        return UserView.of(user);
    }

    private UserEntity create(String normalisedEmail, String displayName, String password, Set<Role> roles, Instant now) {
        if (users.existsByEmail(normalisedEmail)) {
            throw emailTaken(normalisedEmail);
        }
        try {
            UserEntity user = users.saveAndFlush(new UserEntity(UUID.randomUUID(), normalisedEmail, displayName,
                    hasher.hash(password), roles, now));
            events.registered(user);
            return user;
        } catch (DataIntegrityViolationException raced) {
            // Another registration with the same e-mail committed between our check and our insert.
            throw emailTaken(normalisedEmail);
        }
    }

    private InvitationEntity claimInvitation(String code, String normalisedEmail, Instant now) {
        if (code == null || code.isBlank()) {
            throw InvalidArgumentException.of("INVITATION_REQUIRED", "invitation_code",
                    "registration is by invitation only; an invitation code is required");
        }
        InvitationEntity invitation = invitations.findForUpdate(Secrets.hash(code.strip()))
                .filter(i -> !i.isUsed() && i.expiresAt().isAfter(now))
                .orElseThrow(() -> InvalidArgumentException.of("INVITATION_INVALID", "invitation_code",
                        "invitation code is unknown, used or expired"));
        if (invitation.email() != null && !invitation.email().equals(normalisedEmail)) {
            throw InvalidArgumentException.of("INVITATION_INVALID", "invitation_code",
                    "this invitation is for another e-mail address");
        }
        return invitation;
    }

    private static AlreadyExistsException emailTaken(String email) {
        return new AlreadyExistsException("EMAIL_TAKEN", "an account with this e-mail already exists",
                Map.of("email", email));
    }
}
