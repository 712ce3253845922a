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
        @DefaultValue BootstrapAdmin bootstrapAdmin,
        @DefaultValue("0") int trustedProxyHops,
        @DefaultValue AccountMail accountMail) {

    /**
     * {@code trustedProxyHops}: how many proxies in front of identity append the address they saw to
     * {@code x-forwarded-for} (Envoy's {@code xff_num_trusted_hops}). 0: the client is the connection's peer and the
     * header is ignored; N: the client is the N-th entry from the right. Set it only when identity can be reached
     * through those proxies alone (ADR 0020).
     */
    public IdentityProperties {
        if (trustedProxyHops < 0) {
            throw new IllegalArgumentException("cohort.identity.trusted-proxy-hops must not be negative");
        }
    }

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

    /**
     * The sign-in throttle (ADR 0020). Attempts are counted per (account, address) pair, per address and per
     * account; past its free attempts a counter makes each further attempt wait {@code firstDelay}, then twice as
     * long each time, up to {@code maxDelay} ({@code maxAccountDelay} for the account counter, which only slows:
     * it never applies to an address the account signed in from within {@code knownAddressMemory}). A counter is
     * forgotten {@code memory} after its last attempt.
     */
    public record LoginThrottle(@DefaultValue("5") int freeAttemptsPerAccountAndAddress,
                                @DefaultValue("30") int freeAttemptsPerAddress,
                                @DefaultValue("20") int freeAttemptsPerAccount,
                                @DefaultValue("1s") Duration firstDelay,
                                @DefaultValue("15m") Duration maxDelay,
                                @DefaultValue("1m") Duration maxAccountDelay,
                                @DefaultValue("1h") Duration memory,
                                @DefaultValue("30d") Duration knownAddressMemory) {

        public LoginThrottle {
            if (freeAttemptsPerAccountAndAddress < 1 || freeAttemptsPerAddress < 1 || freeAttemptsPerAccount < 1) {
                throw new IllegalArgumentException("cohort.identity.login-throttle free attempts must be positive");
            }
            if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0 || maxAccountDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("cohort.identity.login-throttle delays must be positive, max >= first");
            }
            if (memory.compareTo(maxDelay) < 0 || memory.compareTo(maxAccountDelay) < 0) {
                // A counter forgotten before its delay ran out would let the guesser start afresh.
                throw new IllegalArgumentException("cohort.identity.login-throttle.memory must be at least the delays");
            }
        }
    }

    /**
     * Identity's own e-mails (verification and password-reset links, ADR 0052). {@code webAppUrl}: where the links
     * point; {@code pollInterval}: how often the relay looks for retries besides being woken by each commit;
     * {@code firstRetry}: the wait after a first refusal, doubled after each further one up to an hour;
     * {@code maxAttempts}: tries before a message the SMTP server keeps refusing is dropped (about 4 days);
     * {@code resetsPerClientAddressPerHour}: password-reset requests one client address may make in an hour.
     */
    public record AccountMail(@DefaultValue("http://localhost:8080") String webAppUrl,
                              @DefaultValue("5s") java.time.Duration pollInterval,
                              @DefaultValue("10s") java.time.Duration firstRetry,
                              @DefaultValue("100") int maxAttempts,
                              @DefaultValue("10") int resetsPerClientAddressPerHour) {
    }

    /** An admin account created at start-up if it does not exist yet (first deployment, local stack). */
    public record BootstrapAdmin(String email, String password, @DefaultValue("Administrator") String displayName) {
        public boolean configured() {
            return email != null && !email.isBlank() && password != null && !password.isBlank();
        }
    }
}
