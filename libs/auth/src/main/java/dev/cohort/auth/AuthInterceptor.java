package dev.cohort.auth;

import dev.cohort.common.v1.AccessPolicy;
import dev.cohort.common.v1.Role;
import dev.cohort.grpc.common.errors.CohortException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import dev.cohort.grpc.server.StatusMapper;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call and applies the RPC's declared access policy before the handler runs.
 * <ul>
 *   <li>public RPC: anyone; a valid token still identifies the caller, an invalid one is ignored;</li>
 *   <li>RPC for signed-in users: a missing or invalid token gives UNAUTHENTICATED;</li>
 *   <li>RPC for roles: a caller without one of them gets PERMISSION_DENIED;</li>
 *   <li>RPC for verified addresses: a caller whose token lacks {@code email_verified} gets PERMISSION_DENIED
 *       {@code EMAIL_NOT_VERIFIED};</li>
 *   <li>RPC without a policy in the contract: PERMISSION_DENIED for everyone (deny by default).</li>
 * </ul>
 */
public final class AuthInterceptor implements ServerInterceptor {

    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);
    private static final String BEARER = "bearer ";

    private final AccessPolicies policies;
    private final AccessTokenVerifier verifier;
    private final StatusMapper statusMapper;

    public AuthInterceptor(AccessPolicies policies, AccessTokenVerifier verifier, StatusMapper statusMapper) {
        this.policies = policies;
        this.verifier = verifier;
        this.statusMapper = statusMapper;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Optional<AccessPolicy> policy = policies.policyOf(call.getMethodDescriptor());
        Optional<Caller> caller;
        try {
            caller = authorise(policy, bearerToken(headers), call.getMethodDescriptor().getFullMethodName());
        } catch (CohortException refused) {
            return closed(call, statusMapper.map(refused).orElseThrow());
        } catch (RuntimeException failed) {
            // Not a refusal: something the check needed failed. An outage (UNAVAILABLE) or a bare INTERNAL, never
            // the failure's own message.
            StatusException status = statusMapper.map(failed).orElseGet(() -> {
                log.atError().setCause(failed).log("could not authenticate a call to {}",
                        call.getMethodDescriptor().getFullMethodName());
                return statusMapper.internal();
            });
            return closed(call, status);
        }
        if (caller.isEmpty()) {
            return next.startCall(call, headers);
        }
        Context context = Context.current().withValue(Caller.CONTEXT_KEY, caller.get());
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> closed(ServerCall<Q, R> call, StatusException status) {
        call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
        return new ServerCall.Listener<>() { };
    }

    private Optional<Caller> authorise(Optional<AccessPolicy> policy, Optional<String> token, String method) {
        if (policy.isEmpty()) {
            log.warn("refusing {}: the contract declares no access policy for it", method);
            throw new PermissionDeniedException("NO_ACCESS_POLICY", "this method is not open to callers");
        }
        if (policy.get().getPublic()) {
            return token.flatMap(this::verifyQuietly);
        }
        Caller caller = verifier.verify(token.orElseThrow(
                () -> new UnauthenticatedException("TOKEN_MISSING", "an access token is required")));
        if (!policy.get().getRolesList().isEmpty() && policy.get().getRolesList().stream().noneMatch(caller::hasRole)) {
            throw new PermissionDeniedException("ROLE_REQUIRED", "requires one of the roles "
                    + policy.get().getRolesList().stream().map(Role::name).toList());
        }
        if (policy.get().getVerifiedEmail() && !caller.emailVerified()) {
            throw new PermissionDeniedException("EMAIL_NOT_VERIFIED",
                    "verify your e-mail address first (a link was sent to it; you can ask for a new one)");
        }
        return Optional.of(caller);
    }

    private Optional<Caller> verifyQuietly(String token) {
        try {
            return Optional.of(verifier.verify(token));
        } catch (InvalidAccessTokenException ignoredOnPublicMethod) {
            return Optional.empty();
        }
    }

    private static Optional<String> bearerToken(Metadata headers) {
        String value = headers.get(AUTHORIZATION);
        if (value == null || value.length() <= BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(value.substring(BEARER.length()).trim());
    }
}
