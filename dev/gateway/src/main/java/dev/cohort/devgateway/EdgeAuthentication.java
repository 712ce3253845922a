package dev.cohort.devgateway;

import dev.cohort.auth.AccessPolicies;
import dev.cohort.auth.AccessTokenVerifier;
import dev.cohort.auth.InvalidAccessTokenException;
import dev.cohort.common.v1.AccessPolicy;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import dev.cohort.grpc.server.StatusMapper;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusException;
import java.util.Optional;

/**
 * envoy.yaml's jwt_authn rule, read from the contracts instead of listed by path: a public RPC
 * ({@code (cohort.common.v1.access).public}) passes with a missing or invalid token, every other RPC needs a
 * valid one. Roles, suspension and revocation are the services' job (they verify the token again); the gateway
 * is the first line, not the only one, and forwards the token untouched.
 */
final class EdgeAuthentication {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    private final AccessPolicies policies;
    private final AccessTokenVerifier verifier;
    private final StatusMapper statusMapper;

    EdgeAuthentication(AccessPolicies policies, AccessTokenVerifier verifier, StatusMapper statusMapper) {
        this.policies = policies;
        this.verifier = verifier;
        this.statusMapper = statusMapper;
    }

    /** Why this call is refused at the edge (UNAUTHENTICATED), or empty when it may go on. */
    Optional<StatusException> refusal(MethodDescriptor<?, ?> method, Metadata headers) {
        if (policies.policyOf(method).map(AccessPolicy::getPublic).orElse(false)) {
            return Optional.empty();
        }
        String value = headers.get(AUTHORIZATION);
        if (value == null || value.length() <= BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return statusMapper.map(new UnauthenticatedException("TOKEN_MISSING", "an access token is required"));
        }
        try {
            verifier.verify(value.substring(BEARER.length()).trim());
            return Optional.empty();
        } catch (InvalidAccessTokenException refused) {
            return statusMapper.map(refused);
        }
    }
}
