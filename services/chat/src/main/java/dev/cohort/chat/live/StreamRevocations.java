package dev.cohort.chat.live;

import dev.cohort.auth.AccessTokenVerifier;
import dev.cohort.auth.Caller;
import dev.cohort.auth.InvalidAccessTokenException;
import dev.cohort.auth.RevocationSignal;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import dev.cohort.grpc.server.StatusMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ends a live stream as soon as the access token that opened it is revoked (ADR 0021): sign-out, sign-out
 * everywhere, suspension, a role or password change. Identity writes the deny-list and then signals the user on
 * {@link RevocationSignal}; every replica re-checks the tokens of that user's streams it holds against the
 * deny-list (the source of truth, through {@link AccessTokenVerifier}) and ends the revoked ones with
 * UNAUTHENTICATED, reason {@value #REASON}. A signal missed while Redis was away is caught by the sweep after the
 * subscription is restored and by the periodic sweep of every stream.
 */
public final class StreamRevocations implements SmartLifecycle {

    static final String REASON = "SESSION_REVOKED";
    private static final Logger log = LoggerFactory.getLogger(StreamRevocations.class);
    private static final String TOKEN_REVOKED = "TOKEN_REVOKED";

    private final RevocationSignal signal;
    private final AccessTokenVerifier verifier;
    private final LiveExecutors executors;
    private final Failures failures;
    private final Duration sweepEvery;
    /** The access token each open stream was opened with. */
    private final Map<LiveStream, String> tokens = new ConcurrentHashMap<>();
    private volatile AutoCloseable listening;
    private volatile ScheduledFuture<?> sweep;

    public StreamRevocations(LiveDelivery delivery, RevocationSignal signal, AccessTokenVerifier verifier,
                             StatusMapper statusMapper) {
        this.signal = signal;
        this.verifier = verifier;
        this.executors = delivery.executors();
        this.failures = new Failures(statusMapper);
        this.sweepEvery = delivery.properties().revocationSweep();
    }

    /** Watches the stream being opened in the current call, with the token of the call's caller. */
    void watch(LiveStream stream) {
        Caller.current().map(Caller::accessToken).ifPresent(token -> tokens.put(stream, token));
    }

    /** The stream ended. */
    void forget(LiveStream stream) {
        tokens.remove(stream);
    }

    @Override
    public void start() {
        listening = signal.listen(this::userRevoked, this::subscribed);
        long every = sweepEvery.toMillis();
        sweep = executors.timer().scheduleAtFixedRate(this::sweepSoon, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        try {
            if (listening != null) {
                listening.close();
            }
        } catch (Exception failed) {
            log.atWarn().setCause(failed).log("revocation signal listener not removed");
        }
        listening = null;
    }

    @Override
    public boolean isRunning() {
        return listening != null;
    }

    /** Listens from before the gRPC server starts until after it stopped, like the live delivery. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2;
    }

    private void userRevoked(String userId) {
        onWorker(() -> check(stream -> stream.actor().userId().toString().equals(userId)));
    }

    /** Redis is back (or first reached): the deny-list is asked again at once, and every stream re-checked. */
    private void subscribed() {
        verifier.retryDenyListNow();
        sweepSoon();
    }

    private void sweepSoon() {
        onWorker(() -> check(stream -> true));
    }

    private void onWorker(Runnable task) {
        try {
            executors.worker().execute(task);
        } catch (RejectedExecutionException stopping) {
            // The streams are being told to reconnect anyway.
        }
    }

    private void check(Predicate<LiveStream> which) {
        for (Map.Entry<LiveStream, String> watched : List.copyOf(tokens.entrySet())) {
            LiveStream stream = watched.getKey();
            if (!stream.open()) {
                tokens.remove(stream); // ended before it was watched: its cleanup ran first
            } else if (which.test(stream) && revoked(watched.getValue())) {
                tokens.remove(stream);
                log.atInfo().addKeyValue("streamId", stream.id()).addKeyValue("userId", stream.actor().userId())
                        .log("live stream ended: its access token was revoked");
                stream.writer().fail(failures.statusOf(new UnauthenticatedException(REASON,
                        "This session was signed out or its rights changed; sign in again.")));
            }
        }
    }

    /**
     * Only a revocation ends a stream here: an expired token is the expiry timer's business, and a token that cannot
     * be checked right now (keys or Redis unreachable) keeps its stream until the next sweep.
     */
    private boolean revoked(String token) {
        try {
            verifier.verify(token);
            return false;
        } catch (InvalidAccessTokenException refused) {
            return TOKEN_REVOKED.equals(refused.reason());
        } catch (RuntimeException unavailable) {
            log.atWarn().setCause(unavailable).log("could not check a live stream's token; will retry");
            return false;
        }
    }
}
