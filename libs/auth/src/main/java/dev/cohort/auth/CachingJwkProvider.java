package dev.cohort.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the verification keys in memory. The set is refreshed when it is older than {@code maxAge}, and at once
 * when a token names a key id we have not seen (that is how a key rotation reaches verifiers). Refreshes on
 * unknown key ids are spaced at least {@code minRefreshInterval} apart, so tokens with random {@code kid}s
 * cannot turn us into a flood of calls to identity. If a refresh fails, the keys we have are kept.
 */
public final class CachingJwkProvider {

    private static final Logger log = LoggerFactory.getLogger(CachingJwkProvider.class);

    private final JwkSetSource source;
    private final Duration maxAge;
    private final Duration minRefreshInterval;
    private final Clock clock;

    private volatile JWKSet keys = new JWKSet();
    private volatile Instant fetchedAt = Instant.MIN;
    private volatile Instant lastAttempt = Instant.MIN;

    public CachingJwkProvider(JwkSetSource source, Duration maxAge, Duration minRefreshInterval, Clock clock) {
        this.source = source;
        this.maxAge = maxAge;
        this.minRefreshInterval = minRefreshInterval;
        this.clock = clock;
    }

    public static CachingJwkProvider withDefaults(JwkSetSource source) {
        return new CachingJwkProvider(source, Duration.ofMinutes(10), Duration.ofSeconds(5), Clock.systemUTC());
    }

    /** The public key with this id, refreshing the set when it is stale or the id is unknown. */
    public Optional<JWK> find(String keyId) {
        Instant now = clock.instant();
        if (fetchedAt.plus(maxAge).isBefore(now)) {
            refresh(now);
        }
        JWK key = keys.getKeyByKeyId(keyId);
        if (key == null && lastAttempt.plus(minRefreshInterval).isBefore(now)) {
            refresh(now);
            key = keys.getKeyByKeyId(keyId);
        }
        return Optional.ofNullable(key);
    }

    private synchronized void refresh(Instant now) {
        if (!lastAttempt.plus(minRefreshInterval).isBefore(now) && fetchedAt.plus(maxAge).isAfter(now)) {
            return; // another thread refreshed while we waited for the lock
        }
        lastAttempt = now;
        try {
            JWKSet fetched = source.fetch();
            keys = fetched.toPublicJWKSet();
            fetchedAt = now;
        } catch (RuntimeException unreachable) {
            log.atWarn().setCause(unreachable).log("could not refresh the JWK Set; keeping {} cached keys", keys.size());
        }
    }
}
