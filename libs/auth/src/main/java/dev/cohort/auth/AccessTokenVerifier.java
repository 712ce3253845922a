package dev.cohort.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cohort.common.v1.Role;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an access token can be trusted, checking in this order: it is a signed JWT (never
 * {@code alg: none}); its algorithm is on the allow-list (so an HMAC "signed" with our public key is refused);
 * its type is {@value AccessTokenClaims#TYPE} (so no other kind of JWT passes); its key id is known and the key
 * matches the algorithm; the signature holds; issuer and audience are ours; it has not expired and is already
 * valid (within the clock skew); and it has not been revoked.
 *
 * <p>The signature and claims checks cost most of a call's CPU (ES256 verification), so a token that passed them is
 * remembered for a while (at most until it expires, and {@value #CACHE_SECONDS} s): a repeated call only re-checks
 * the times and the deny-list, so revocation still takes effect at once.
 *
 * <p>The deny-list lives elsewhere (Redis) and may be unreachable; the verifier never lets that fail a call (ADR
 * 0028). It waits at most {@link DenyListPolicy#answerWithin()} for an answer; without one it decides from what it
 * remembers: a token it has seen denied stays denied (kept until the token expires, at most
 * {@value #CACHE_ENTRIES} of them), every other token is let through (fail open, bounded by the token's short
 * lifetime), and for {@link DenyListPolicy#retryAfter()} it does not ask again, so an outage costs calls no wait.
 * The first call after that asks the deny-list again, so revocations written meanwhile take effect as soon as it
 * answers; {@link #retryDenyListNow()} skips the rest of the pause (when the revocation signal is back).
 *
 * <p>Asking the deny-list is a Redis round trip on every call; with {@link DenyListPolicy#reuseAnswersFor()} set, a
 * "not revoked" answer is reused for that long, but only while the revocation signal is heard (ADR 0063): identity
 * publishes it after every revocation, and {@link #tokensRevokedOf(String)} then drops that user's reused answers, so a
 * revocation still takes effect as soon as the signal arrives; a signal lost on the way delays it by at most the
 * reuse time. A reused answer past half its reuse time is asked again in the background by the call that finds it
 * (ADR 0082), so a token in steady use never waits for Redis: waiting once a second per token put a Redis round
 * trip, and on a busy machine a scheduling delay, into several percent of calls (bench/profile).
 */
public final class AccessTokenVerifier {

    static final long CACHE_SECONDS = 300;
    static final int CACHE_ENTRIES = 10_000;
    private static final Logger log = LoggerFactory.getLogger(AccessTokenVerifier.class);

    /**
     * How the verifier uses the deny-list (ADR 0028, ADR 0063).
     *
     * @param answerWithin    how long a call waits for the deny-list before deciding without it
     * @param retryAfter      after a deny-list failure, how long calls decide without asking it
     * @param reuseAnswersFor how long a "not revoked" answer for a token is reused instead of asking again; only
     *                        while the verifier hears the revocation signal ({@link #revocationSignalSubscribed()}),
     *                        which drops a user's reused answers the moment their tokens are revoked; zero asks on
     *                        every call
     */
    public record DenyListPolicy(Duration answerWithin, Duration retryAfter, Duration reuseAnswersFor) {

        public static final DenyListPolicy DEFAULT = new DenyListPolicy(Duration.ofMillis(500), Duration.ofSeconds(1));

        public DenyListPolicy {
            if (answerWithin.isNegative() || answerWithin.isZero() || retryAfter.isNegative()
                    || reuseAnswersFor.isNegative()) {
                throw new IllegalArgumentException("answerWithin must be positive, retryAfter and reuseAnswersFor not"
                        + " negative");
            }
        }

        /** Asks the deny-list on every call. */
        public DenyListPolicy(Duration answerWithin, Duration retryAfter) {
            this(answerWithin, retryAfter, Duration.ZERO);
        }
    }

    /**
     * A "not revoked" answer kept for reuse: whose token it is, when it was answered (verifier clock, ms), and whether
     * it is being asked again ahead of its expiry (so that one call, not every call, asks).
     */
    private record NotRevoked(String userId, long answeredAt, AtomicBoolean askingAhead) {

        NotRevoked(String userId, long answeredAt) {
            this(userId, answeredAt, new AtomicBoolean());
        }
    }

    /** A token that passed the signature and claims checks, and until when that result may be reused. */
    private record Verified(Caller caller, long tokenVersion, Instant notBefore, Instant reuseUntil) {
    }

    private final Cache<String, Verified> verified;
    private final AuthSettings settings;
    private final CachingJwkProvider keys;
    private final TokenDenyList denyList;
    private final DenyListPolicy denyListPolicy;
    /** Token ids the deny-list refused, each until its token expires: they stay refused while it is away. */
    private final Cache<String, Instant> denied;
    /** Until when (verifier clock, ms) calls decide without the deny-list; 0 while it answers. */
    private final AtomicLong denyListAwayUntil = new AtomicLong();
    private final Clock clock;
    /**
     * Token ids the deny-list just said were not revoked, with their user ids, reused for
     * {@link DenyListPolicy#reuseAnswersFor()}; null when answers are never reused.
     */
    private final Cache<String, NotRevoked> notRevoked;
    /** Age (verifier clock, ms) from which a reused answer is asked again ahead of its expiry, without waiting. */
    private final long askAheadAfterMillis;
    /** Whether the revocation signal is heard, so that reused answers can be dropped on a revocation. */
    private volatile boolean signalHeard;
    /** Moves on every revocation heard: an answer asked for before it moved is not kept (it may predate it). */
    private final AtomicLong revocationsHeard = new AtomicLong();

    public AccessTokenVerifier(AuthSettings settings, CachingJwkProvider keys, TokenDenyList denyList, Clock clock) {
        this(settings, keys, denyList, DenyListPolicy.DEFAULT, clock);
    }

    public AccessTokenVerifier(AuthSettings settings, CachingJwkProvider keys, TokenDenyList denyList,
                               DenyListPolicy denyListPolicy, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.denyList = denyList;
        this.denyListPolicy = denyListPolicy;
        this.clock = clock;
        this.denied = Caffeine.newBuilder()
                .maximumSize(CACHE_ENTRIES)
                .expireAfter(Expiry.<String, Instant>creating((tokenId, expiresAt) -> {
                    Duration left = Duration.between(clock.instant(), expiresAt.plus(settings.clockSkew()));
                    return left.isNegative() ? Duration.ZERO : left;
                }))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
        this.notRevoked = denyListPolicy.reuseAnswersFor().isZero() ? null : Caffeine.newBuilder()
                .maximumSize(CACHE_ENTRIES)
                .expireAfterWrite(denyListPolicy.reuseAnswersFor())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .<String, NotRevoked>build();
        this.askAheadAfterMillis = denyListPolicy.reuseAnswersFor().toMillis() / 2;
        // Caffeine bounds the cache by size (evicting the least useful entries, not all of them at once) and
        // drops entries past the reuse window on the verifier's own clock, so tests can move time.
        this.verified = Caffeine.newBuilder()
                .maximumSize(CACHE_ENTRIES)
                .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** The caller the token proves, or {@link InvalidAccessTokenException} saying why it is refused. */
    public Caller verify(String token) {
        Instant now = clock.instant();
        Verified known = verified.getIfPresent(token);
        if (known == null || !now.isBefore(known.reuseUntil())) {
            verified.invalidate(token);
            known = verifyFully(token, now);
        }
        checkTimes(known.caller().expiresAt(), known.notBefore(), now);
        if (revoked(known)) {
            throw invalid("TOKEN_REVOKED", "token has been revoked");
        }
        return known.caller();
    }

    /**
     * {@link #verify} when it can answer without waiting for anything: the token passed the signature and claims
     * checks recently (so no JWK Set fetch can be needed), and whether it is revoked is known without asking the
     * deny-list (a kept denial or reused answer, a deny-list that answers at once, or the deny-list's outage pause).
     * Empty when the answer would need a wait; then call {@link #verify} where blocking is allowed. A refusal known
     * without waiting (expired, revoked) is thrown as by {@link #verify}.
     *
     * <p>For callers on an event loop, such as the gateway, which must not block it but can hop to a thread that may.
     */
    public Optional<Caller> verifyWithoutWaiting(String token) {
        Instant now = clock.instant();
        Verified known = verified.getIfPresent(token);
        if (known == null || !now.isBefore(known.reuseUntil())) {
            return Optional.empty();
        }
        checkTimes(known.caller().expiresAt(), known.notBefore(), now);
        if (keptAnswer(known.caller(), known.tokenVersion()).isEmpty() && !denyList.answersAtOnce() && !away(denyListAwayUntil.get())) {
            return Optional.empty();
        }
        if (revoked(known)) {
            throw invalid("TOKEN_REVOKED", "token has been revoked");
        }
        return Optional.of(known.caller());
    }

    /**
     * Asks the deny-list again on the next call even if it failed moments ago: for a sign that it is back, such as
     * the revocation signal's subscription being restored.
     */
    public void retryDenyListNow() {
        denyListAwayUntil.set(0);
    }

    /**
     * The revocation signal is (again) heard: answers may be reused from now on. Signals may have been missed
     * before, so every answer kept so far is dropped.
     */
    public void revocationSignalSubscribed() {
        forgetAllDenyListAnswers();
        signalHeard = true;
    }

    /** Tokens of {@code userId} were revoked (the revocation signal): the next call of theirs asks the deny-list. */
    public void tokensRevokedOf(String userId) {
        revocationsHeard.incrementAndGet();
        if (notRevoked != null) {
            notRevoked.asMap().values().removeIf(kept -> kept.userId().equals(userId));
        }
    }

    private void forgetAllDenyListAnswers() {
        revocationsHeard.incrementAndGet();
        if (notRevoked != null) {
            notRevoked.invalidateAll();
        }
    }

    /** The deny-list's answer, or, when it gives none in time, the policy's (see the class comment). */
    private boolean revoked(Verified token) {
        Caller caller = token.caller();
        Optional<Boolean> kept = keptAnswer(caller, token.tokenVersion());
        if (kept.isPresent()) {
            return kept.get();
        }
        boolean reuse = notRevoked != null && signalHeard;
        long heardBefore = revocationsHeard.get();
        long awayUntil = denyListAwayUntil.get();
        if (away(awayUntil)) {
            return false;
        }
        CompletableFuture<Boolean> answer = null;
        try {
            answer = denyList.isRevokedAsync(caller.tokenId(), caller.userId(), token.tokenVersion())
                    .toCompletableFuture();
            boolean revoked = answer.get(denyListPolicy.answerWithin().toMillis(), TimeUnit.MILLISECONDS);
            if (revoked) {
                denied.put(caller.tokenId(), caller.expiresAt());
            } else if (reuse && revocationsHeard.get() == heardBefore) {
                notRevoked.put(caller.tokenId(), new NotRevoked(caller.userId(), clock.millis()));
            }
            if (awayUntil != 0 && denyListAwayUntil.compareAndSet(awayUntil, 0)) {
                log.info("token deny-list answers again; revocations are checked on every call");
            }
            return revoked;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return decideWithoutDenyList(answer, interrupted, awayUntil);
        } catch (ExecutionException failed) {
            return decideWithoutDenyList(answer, failed.getCause(), awayUntil);
        } catch (TimeoutException | RuntimeException failed) {
            return decideWithoutDenyList(answer, failed, awayUntil);
        }
    }

    /**
     * What is known of this token without asking the deny-list: a kept denial, or a reused "not revoked". A reused
     * answer past half its reuse time is asked again in the background (ADR 0082), so that a token in steady use
     * never makes a call wait for Redis when its answer expires.
     */
    private Optional<Boolean> keptAnswer(Caller caller, long tokenVersion) {
        if (denied.getIfPresent(caller.tokenId()) != null) {
            return Optional.of(true);
        }
        if (notRevoked != null && signalHeard) {
            NotRevoked kept = notRevoked.getIfPresent(caller.tokenId());
            if (kept != null) {
                if (clock.millis() - kept.answeredAt() >= askAheadAfterMillis && kept.askingAhead().compareAndSet(false,
                        true)) {
                    askAhead(caller, tokenVersion);
                }
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    /**
     * Asks the deny-list again for a token whose reused answer is about to expire, without anyone waiting: a "not
     * revoked" replaces the kept answer (unless a revocation was heard meanwhile: ADR 0063's rule), a "revoked" is
     * kept as a denial at once. A failure changes nothing: the kept answer expires as it would have, and the next
     * call asks and waits as before (ADR 0028's bounds apply).
     */
    private void askAhead(Caller caller, long tokenVersion) {
        long heardBefore = revocationsHeard.get();
        try {
            denyList.isRevokedAsync(caller.tokenId(), caller.userId(), tokenVersion).whenComplete((revoked, failed) -> {
                if (failed != null || revoked == null) {
                    return;
                }
                if (revoked) {
                    denied.put(caller.tokenId(), caller.expiresAt());
                    notRevoked.invalidate(caller.tokenId());
                } else if (signalHeard && revocationsHeard.get() == heardBefore) {
                    notRevoked.put(caller.tokenId(), new NotRevoked(caller.userId(), clock.millis()));
                }
            });
        } catch (RuntimeException failed) {
            // As a failed answer: the kept one expires and the next call asks in the foreground.
            log.atDebug().addKeyValue("cause", String.valueOf(failed)).log("deny-list not asked ahead");
        }
    }

    /** Whether calls decide without the deny-list until {@code awayUntil} (the pause after it failed to answer). */
    private boolean away(long awayUntil) {
        return awayUntil != 0 && clock.millis() < awayUntil;
    }

    /** Fail open for a token not known to be denied (its own denial was checked before), and pause asking. */
    private boolean decideWithoutDenyList(CompletableFuture<Boolean> answer, Throwable why, long awayBefore) {
        if (answer != null) {
            answer.cancel(false); // nothing waits for it any more
        }
        long next = clock.millis() + denyListPolicy.retryAfter().toMillis();
        if (denyListAwayUntil.compareAndSet(awayBefore, next) && awayBefore == 0) {
            log.atWarn().addKeyValue("cause", String.valueOf(why))
                    .log("token deny-list did not answer; accepting tokens not known to be revoked until it does"
                            + " (ADR 0028)");
        }
        return false;
    }

    private Verified verifyFully(String token, Instant now) {
        SignedJWT jwt = parse(token);
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!settings.allowedAlgorithms().contains(algorithm)) {
            throw invalid("TOKEN_ALGORITHM_NOT_ALLOWED", "token algorithm " + algorithm + " is not accepted");
        }
        if (!new JOSEObjectType(AccessTokenClaims.TYPE).equals(header.getType())) {
            throw invalid("TOKEN_TYPE_INVALID", "not an access token");
        }
        if (header.getKeyID() == null) {
            throw invalid("TOKEN_KEY_UNKNOWN", "token names no signing key");
        }
        JWK key = keys.find(header.getKeyID())
                .orElseThrow(() -> invalid("TOKEN_KEY_UNKNOWN", "token signed with an unknown key"));
        if (!verifies(jwt, verifierFor(algorithm, key))) {
            throw invalid("TOKEN_SIGNATURE_INVALID", "token signature is invalid");
        }
        JWTClaimsSet claims = claimsOf(jwt);
        checkIssuerAndAudience(claims);
        if (claims.getExpirationTime() == null || claims.getIssueTime() == null) {
            throw invalid("TOKEN_MALFORMED", "token lacks exp or iat");
        }
        Caller caller = callerOf(claims, token);
        Instant notBefore = claims.getNotBeforeTime() == null ? null : claims.getNotBeforeTime().toInstant();
        Instant reuseUntil = now.plusSeconds(CACHE_SECONDS).isBefore(caller.expiresAt())
                ? now.plusSeconds(CACHE_SECONDS) : caller.expiresAt();
        Verified result = new Verified(caller, tokenVersionOf(claims), notBefore, reuseUntil);
        verified.put(token, result);
        return result;
    }

    private static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | IllegalArgumentException notASignedJwt) {
            throw invalid("TOKEN_MALFORMED", "token is not a signed JWT");
        }
    }

    private JWSVerifier verifierFor(JWSAlgorithm algorithm, JWK key) {
        try {
            if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec) {
                return new ECDSAVerifier(ec.toPublicJWK());
            }
            if (JWSAlgorithm.RS256.equals(algorithm) && key instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa.toPublicJWK());
            }
        } catch (JOSEException unusableKey) {
            throw invalid("TOKEN_KEY_UNKNOWN", "signing key cannot verify this token");
        }
        throw invalid("TOKEN_KEY_MISMATCH", "token algorithm does not match its key");
    }

    private static boolean verifies(SignedJWT jwt, JWSVerifier verifier) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException broken) {
            return false;
        }
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException malformed) {
            throw invalid("TOKEN_MALFORMED", "token claims are malformed");
        }
    }

    private void checkIssuerAndAudience(JWTClaimsSet claims) {
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw invalid("TOKEN_ISSUER_INVALID", "token was issued by someone else");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.audience())) {
            throw invalid("TOKEN_AUDIENCE_INVALID", "token is meant for another audience");
        }
    }

    private void checkTimes(Instant expiresAt, Instant notBefore, Instant now) {
        if (!now.minus(settings.clockSkew()).isBefore(expiresAt)) {
            throw invalid("TOKEN_EXPIRED", "token has expired");
        }
        if (notBefore != null && notBefore.isAfter(now.plus(settings.clockSkew()))) {
            throw invalid("TOKEN_NOT_YET_VALID", "token is not valid yet");
        }
    }

    private static Caller callerOf(JWTClaimsSet claims, String token) {
        String subject = claims.getSubject();
        String tokenId = claims.getJWTID();
        if (subject == null || subject.isBlank() || tokenId == null || tokenId.isBlank()) {
            throw invalid("TOKEN_MALFORMED", "token lacks sub or jti");
        }
        try {
            String sessionId = claims.getStringClaim(AccessTokenClaims.SESSION_ID);
            List<String> roleNames = claims.getStringListClaim(AccessTokenClaims.ROLES);
            Boolean emailVerified = claims.getBooleanClaim(AccessTokenClaims.EMAIL_VERIFIED);
            return new Caller(subject, rolesOf(roleNames), tokenId, sessionId,
                    claims.getExpirationTime().toInstant(), token, Boolean.TRUE.equals(emailVerified));
        } catch (ParseException wrongType) {
            throw invalid("TOKEN_MALFORMED", "token claims have the wrong types");
        }
    }

    private static long tokenVersionOf(JWTClaimsSet claims) {
        try {
            Long version = claims.getLongClaim(AccessTokenClaims.TOKEN_VERSION);
            return version == null ? 0 : version;
        } catch (ParseException wrongType) {
            throw invalid("TOKEN_MALFORMED", "token version is not a number");
        }
    }

    private static Set<Role> rolesOf(List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names == null) {
            return roles;
        }
        for (String name : names) {
            try {
                Role role = Role.valueOf("ROLE_" + name);
                if (role != Role.ROLE_UNSPECIFIED) {
                    roles.add(role);
                }
            } catch (IllegalArgumentException unknownRole) {
                // A role this service does not know grants nothing here.
            }
        }
        return roles;
    }

    private static InvalidAccessTokenException invalid(String reason, String message) {
        return new InvalidAccessTokenException(reason, message);
    }
}
