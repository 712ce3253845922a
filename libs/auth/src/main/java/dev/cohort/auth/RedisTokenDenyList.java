package dev.cohort.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RedissonClient;

/**
 * The deny-list in Redis, shared by every replica of every service. Entries expire with the tokens they deny,
 * so the list stays as small as the set of live, revoked tokens.
 */
public final class RedisTokenDenyList implements TokenDenyList {

    private static final String TOKEN_KEY = "auth:denied-token:";
    private static final String USER_KEY = "auth:user-minimum-token-version:";

    private final RedissonClient redis;
    private final Clock clock;

    public RedisTokenDenyList(RedissonClient redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public boolean isRevoked(String tokenId, String userId, long tokenVersion) {
        return revoked(redis.getBuckets().get(TOKEN_KEY + tokenId, USER_KEY + userId), tokenId, userId, tokenVersion);
    }

    /** The same question without blocking: the verifier waits only so long for Redis (ADR 0028). */
    @Override
    public CompletionStage<Boolean> isRevokedAsync(String tokenId, String userId, long tokenVersion) {
        return redis.getBuckets().<Long>getAsync(TOKEN_KEY + tokenId, USER_KEY + userId)
                .thenApply(found -> revoked(found, tokenId, userId, tokenVersion));
    }

    // Runs on every authenticated call: both entries in one round trip (MGET).
    private static boolean revoked(Map<String, Long> found, String tokenId, String userId, long tokenVersion) {
        if (found.containsKey(TOKEN_KEY + tokenId)) {
            return true;
        }
        Long minimumVersion = found.get(USER_KEY + userId);
        return minimumVersion != null && tokenVersion < minimumVersion;
    }

    @Override
    public void revokeToken(String tokenId, Instant expiresAt) {
        Duration remaining = Duration.between(clock.instant(), expiresAt);
        if (remaining.isNegative() || remaining.isZero()) {
            return; // expired tokens are refused anyway
        }
        redis.<Long>getBucket(TOKEN_KEY + tokenId).set(expiresAt.toEpochMilli(), remaining);
    }

    @Override
    public void revokeVersionsBelow(String userId, long minimumVersion, Duration retention) {
        redis.<Long>getBucket(USER_KEY + userId).set(minimumVersion, retention);
    }
}
