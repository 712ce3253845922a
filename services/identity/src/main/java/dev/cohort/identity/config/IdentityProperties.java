package dev.cohort.identity.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code cohort.identity.*}: how this deployment registers people and issues tokens. */
@ConfigurationProperties("cohort.identity")
public record IdentityProperties(
        @DefaultValue("OPEN") RegistrationMode registrationMode,
        @DefaultValue Tokens tokens,
        @DefaultValue Keys keys,
        @DefaultValue LoginThrottle loginThrottle,
        @DefaultValue BootstrapAdmin bootstrapAdmin) {

    /** Whether anyone may register, or only holders of an invitation code. */
    public enum RegistrationMode { OPEN, INVITATION_ONLY }

    /** Lifetimes: access tokens are short so that revocation by expiry is quick. */
    public record Tokens(@DefaultValue("10m") Duration accessTtl, @DefaultValue("14d") Duration refreshTtl) {
    }

    /**
     * Signing keys: a new key every {@code rotationPeriod}, published {@code publishAhead} before it signs (longer
     * than verifiers cache the JWK Set, 10 minutes). {@code encryptionKey} (base64, 32 bytes) encrypts the
     * private keys at rest; it comes from the environment or a secret store, never from the repository.
     */
    public record Keys(@DefaultValue("30d") Duration rotationPeriod, String encryptionKey,
                       @DefaultValue("1m") Duration reloadInterval, @DefaultValue("15m") Duration publishAhead) {
    }

    /** Failed sign-ins allowed per account and per client address within {@code window}. */
    public record LoginThrottle(@DefaultValue("5") int maxFailuresPerAccount,
                                @DefaultValue("20") int maxFailuresPerAddress,
                                @DefaultValue("15m") Duration window,
                                @DefaultValue("false") boolean trustForwardedFor) {
    }

    /** An admin account created at start-up if it does not exist yet (first deployment, local stack). */
    public record BootstrapAdmin(String email, String password, @DefaultValue("Administrator") String displayName) {
        public boolean configured() {
            return email != null && !email.isBlank() && password != null && !password.isBlank();
        }
    }
}
