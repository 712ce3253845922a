package dev.cohort.identity.app;

import dev.cohort.auth.Caller;
import dev.cohort.identity.domain.EmailAddress;
import dev.cohort.identity.domain.Role;
import dev.cohort.identity.domain.Secrets;
import dev.cohort.identity.store.InvitationEntity;
import dev.cohort.identity.store.InvitationRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/** Issues invitation codes. The code is returned once; only its hash is stored. */
public class InvitationService {

    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    /** A new code and its expiry. */
    public record Invitation(String code, Instant expiresAt) {
        @Override
        public String toString() {
            return "Invitation[expiresAt=" + expiresAt + "]";
        }
    }

    private final InvitationRepository invitations;
    private final Clock clock;

    public InvitationService(InvitationRepository invitations, Clock clock) {
        this.invitations = invitations;
        this.clock = clock;
    }

    @Transactional
    public Invitation create(Caller admin, String email, Role role, Duration validFor) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(validFor == null ? DEFAULT_VALIDITY : validFor);
        Role granted = role == null ? Role.STUDENT : role;
        String code = Secrets.newSecret("inv_", 18);
        String boundEmail = email == null || email.isBlank() ? null : EmailAddress.normalise(email);
        invitations.save(new InvitationEntity(Secrets.hash(code), boundEmail, granted.name(),
                UUID.fromString(admin.userId()), now, expiresAt));
        return new Invitation(code, expiresAt);
    }
}
