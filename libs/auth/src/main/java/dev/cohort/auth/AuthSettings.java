package dev.cohort.auth;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a valid access token must say: who issued it, for which audience, signed how, and how much clock
 * difference between machines is tolerated.
 */
public record AuthSettings(String issuer, String audience, Set<JWSAlgorithm> allowedAlgorithms, Duration clockSkew) {

    /** Only asymmetric algorithms: a service can verify but never mint a token. */
    public static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

    public AuthSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        if (issuer.isBlank() || audience.isBlank()) {
            throw new IllegalArgumentException("issuer and audience must be set");
        }
        allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        if (allowedAlgorithms.isEmpty() || !ASYMMETRIC.containsAll(allowedAlgorithms)) {
            throw new IllegalArgumentException("allowed algorithms must be a non-empty subset of " + ASYMMETRIC);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes");
        }
    }

    public static AuthSettings of(String issuer, String audience) {
        return new AuthSettings(issuer, audience, ASYMMETRIC, Duration.ofSeconds(30));
    }
}
