package dev.cohort.identity.api;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import com.google.protobuf.Timestamp;
import dev.cohort.identity.app.TokenPair;
import dev.cohort.identity.app.UserView;
import dev.cohort.identity.domain.Role;
import dev.cohort.identity.v1.User;
import dev.cohort.identity.v1.UserStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** From the use cases' views to the contract's messages, and the contract's roles to the domain's. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static User user(UserView user) {
        User.Builder message = User.newBuilder();
        if (user.suspendedUntil() != null) {
            message.setSuspendUntil(timestamp(user.suspendedUntil()));
        }
        return message
                .setUserId(user.id().toString())
                .setEmail(user.email())
                .setDisplayName(user.displayName())
                .addAllRoles(user.roles().stream().sorted().map(ProtoMapping::role).toList())
                .setStatus(user.suspended() ? UserStatus.USER_STATUS_SUSPENDED : UserStatus.USER_STATUS_ACTIVE)
                .setCreateTime(timestamp(user.createdAt()))
                .setEmailVerified(user.emailVerified())
                .build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static dev.cohort.identity.v1.TokenPair tokens(TokenPair tokens) {
        return dev.cohort.identity.v1.TokenPair.newBuilder()
                .setAccessToken(tokens.accessToken())
                .setAccessTokenExpireTime(timestamp(tokens.accessTokenExpiresAt()))
                .setRefreshToken(tokens.refreshToken())
                .setRefreshTokenExpireTime(timestamp(tokens.refreshTokenExpiresAt()))
                .setTokenType("Bearer")
                .build();
    }

    static dev.cohort.common.v1.Role role(Role role) {
        return switch (role) {
            case STUDENT -> dev.cohort.common.v1.Role.ROLE_STUDENT;
            case INSTRUCTOR -> dev.cohort.common.v1.Role.ROLE_INSTRUCTOR;
            case ADMIN -> dev.cohort.common.v1.Role.ROLE_ADMIN;
        };
    }

    /** The role; null for ROLE_UNSPECIFIED, which an invitation reads as the default. */
    static Role role(dev.cohort.common.v1.Role role) {
        return switch (role) {
            case ROLE_STUDENT -> Role.STUDENT;
            case ROLE_INSTRUCTOR -> Role.INSTRUCTOR;
            case ROLE_ADMIN -> Role.ADMIN;
            case ROLE_UNSPECIFIED -> null;
            // protovalidate refuses numbers the contract does not define before we get here.
            case UNRECOGNIZED -> throw new IllegalArgumentException("undefined role");
        };
    }

    /** A complete set of roles (protovalidate: at least one, none unspecified). */
    static Set<Role> roles(List<dev.cohort.common.v1.Role> roles) {
        Set<Role> mapped = EnumSet.noneOf(Role.class);
        roles.forEach(role -> mapped.add(role(role)));
        return mapped;
    }

}
