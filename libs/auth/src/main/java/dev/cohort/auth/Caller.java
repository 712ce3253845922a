package dev.cohort.auth;

import dev.cohort.common.v1.Role;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import io.grpc.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as proven by a verified access token. Lives in the gRPC {@link Context} for the duration of
 * the call; handlers read it with {@link #current()} or {@link #require()}.
 *
 * @param userId      the token's subject (a user id)
 * @param roles       the roles the token grants
 * @param tokenId     the token's {@code jti}, used to deny-list it on logout
 * @param sessionId   the sign-in the token belongs to ({@code sid}, the refresh-token family)
 * @param expiresAt   when the token stops being accepted
 * @param accessToken the raw token, for forwarding the caller's identity to downstream services
 * @param emailVerified whether the token says the user proved their e-mail address ({@code email_verified})
 */
public record Caller(String userId, Set<Role> roles, String tokenId, String sessionId, Instant expiresAt,
                     String accessToken, boolean emailVerified) {

    /** The reason of the UNAUTHENTICATED answer to a token whose subject is not a user id. */
    public static final String INVALID_SUBJECT = "INVALID_SUBJECT";

    static final Context.Key<Caller> CONTEXT_KEY = Context.key("cohort-caller");

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** The authenticated caller of the current call, if the call carried a valid token. */
    public static Optional<Caller> current() {
        return Optional.ofNullable(CONTEXT_KEY.get());
    }

    /** The authenticated caller, or UNAUTHENTICATED when there is none. */
    public static Caller require() {
        return current().orElseThrow(() -> new UnauthenticatedException("UNAUTHENTICATED", "sign-in required"));
    }

    /** The authenticated caller's user id: UNAUTHENTICATED when there is no caller or no user id (see {@link #userUuid()}). */
    public static UUID requireUserUuid() {
        return require().userUuid();
    }

    /**
     * The user id as the services store it. Identity issues UUID subjects only, so a validly signed token whose
     * subject is anything else names no user of this platform: UNAUTHENTICATED, the same in every service.
     */
    public UUID userUuid() {
        try {
            UUID id = UUID.fromString(userId);
            // UUID.fromString accepts short forms such as "1-2-3-4-5"; only the canonical spelling is an id.
            if (id.toString().equals(userId.toLowerCase(java.util.Locale.ROOT))) {
                return id;
            }
        } catch (IllegalArgumentException | NullPointerException notAUuid) {
            // answered below
        }
        throw new UnauthenticatedException(INVALID_SUBJECT, "the access token's subject is not a user id");
    }

    @Override
    public String toString() {
        // Never print the token itself.
        return "Caller[userId=" + userId + ", roles=" + roles + ", sessionId=" + sessionId + "]";
    }
}
