package dev.cohort.devgateway;

import dev.cohort.auth.AccessPolicies;
import dev.cohort.auth.AccessTokenVerifier;
import dev.cohort.auth.Caller;
import dev.cohort.auth.InvalidAccessTokenException;
import dev.cohort.common.v1.AccessPolicy;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import dev.cohort.grpc.server.StatusMapper;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusException;
import java.util.Optional;
import java.util.function.Function;

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

    /**
     * What the edge makes of a call's token: why the call is refused (UNAUTHENTICATED), or else whose it is.
     *
     * @param refusal the refusal, when the call may not go on
     * @param subject the verified token's subject (the user id), or null for a call without a valid token (a
     *                public RPC may be called so)
     */
    record Outcome(Optional<StatusException> refusal, String subject) {
    }

    /**
     * Checks the call's token. A public RPC is never refused, but a valid token on it still names its user (as
     * Envoy's jwt_authn writes the payload of any token it verified), so the user's rate limit applies to it too.
     * May block: a token not seen before may need the JWK Set fetched from identity.
     */
    Outcome check(MethodDescriptor<?, ?> method, Metadata headers) {
        return outcome(method, headers, token -> Optional.of(verifier.verify(token))).orElseThrow();
    }

    /**
     * {@link #check} when it can be answered without waiting (a token already verified, or no token); empty when
     * the token needs the full check, which may block.
     */
    Optional<Outcome> checkWithoutWaiting(MethodDescriptor<?, ?> method, Metadata headers) {
        return outcome(method, headers, verifier::verifyWithoutWaiting);
    }

    private Optional<Outcome> outcome(MethodDescriptor<?, ?> method, Metadata headers,
                                      Function<String, Optional<Caller>> verify) {
        boolean open = policies.policyOf(method).map(AccessPolicy::getPublic).orElse(false);
        String value = headers.get(AUTHORIZATION);
        if (value == null || value.length() <= BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(open ? new Outcome(Optional.empty(), null) : new Outcome(
                    statusMapper.map(new UnauthenticatedException("TOKEN_MISSING", "an access token is required")),
                    null));
        }
        try {
            return verify.apply(value.substring(BEARER.length()).trim())
                    .map(caller -> new Outcome(Optional.empty(), caller.userId()));
        } catch (InvalidAccessTokenException refused) {
            return Optional.of(open ? new Outcome(Optional.empty(), null)
                    : new Outcome(statusMapper.map(refused), null));
        }
    }
}
