package dev.cohort.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.auth.*}: what every service expects of access tokens and where it finds the keys.
 *
 * @param issuer     the {@code iss} identity writes into tokens (must match the gateway's jwt_authn provider)
 * @param audience   the {@code aud} tokens must carry
 * @param jwksTarget gRPC target of the identity service, for {@code GetJwks}
 * @param clockSkew  tolerated clock difference between machines
 * @param denyList   how long a call waits for the token deny-list (Redis), how long after a failure calls
 *                   decide without asking it (ADR 0028), and how long its answers are reused (ADR 0063)
 */
@ConfigurationProperties("cohort.auth")
public record CohortAuthProperties(
        @DefaultValue("https://identity.cohort.dev") String issuer,
        @DefaultValue("cohort-api") String audience,
        @DefaultValue("dns:///localhost:9101") String jwksTarget,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue DenyList denyList) {

    /**
     * {@code cohort.auth.deny-list.*}.
     *
     * @param answerWithin how long a call waits for the deny-list before deciding without it
     * @param retryAfter   after a deny-list failure, how long calls decide without asking it
     * @param reuseAnswersFor how long a "not revoked" answer is reused while the revocation signal is heard (ADR
     *                        0063); 0 asks the deny-list on every call
     */
    public record DenyList(
            @DefaultValue("500ms") Duration answerWithin,
            @DefaultValue("1s") Duration retryAfter,
            @DefaultValue("1s") Duration reuseAnswersFor) {

        AccessTokenVerifier.DenyListPolicy policy() {
            return new AccessTokenVerifier.DenyListPolicy(answerWithin, retryAfter, reuseAnswersFor);
        }
    }
}
