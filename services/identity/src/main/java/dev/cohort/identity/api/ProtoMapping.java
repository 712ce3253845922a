package dev.cohort.identity.api;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import dev.cohort.identity.app.TokenPair;
import dev.cohort.identity.store.UserEntity;
import dev.cohort.identity.v1.User;
import dev.cohort.identity.v1.UserStatus;

/** From the service's objects to the contract's messages. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static User user(UserEntity user) {
        return User.newBuilder()
                .setUserId(user.id().toString())
                .setEmail(user.email())
                .setDisplayName(user.displayName())
                .addAllRoles(user.roles().stream().sorted().toList())
                .setStatus(user.isSuspended() ? UserStatus.USER_STATUS_SUSPENDED : UserStatus.USER_STATUS_ACTIVE)
                .setCreateTime(timestamp(user.createdAt()))
                .build();
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

}
