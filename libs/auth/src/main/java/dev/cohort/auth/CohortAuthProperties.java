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
 */
@ConfigurationProperties("cohort.auth")
public record CohortAuthProperties(
        @DefaultValue("https://identity.cohort.dev") String issuer,
        @DefaultValue("cohort-api") String audience,
        @DefaultValue("dns:///localhost:9101") String jwksTarget,
        @DefaultValue("30s") Duration clockSkew) {
}
