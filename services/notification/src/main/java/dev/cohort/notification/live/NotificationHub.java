package dev.cohort.notification.live;

import dev.cohort.auth.AccessTokenVerifier;
import dev.cohort.auth.InvalidAccessTokenException;
import dev.cohort.auth.RevocationSignal;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import dev.cohort.grpc.common.errors.UnavailableException;
import dev.cohort.grpc.server.StatusMapper;

import dev.cohort.notification.app.Inbox;
import dev.cohort.notification.app.LiveFeed;
import dev.cohort.notification.app.Made;
import dev.cohort.notification.v1.SubscribeResponse;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Live notifications across replicas. What is made on one replica (wherever the event was consumed) is published
 * once, as one Redis pub/sub message per transaction, and every replica hands it to the streams of its own
 * subscribers: a mention of everyone in a 1,000-member channel is one Redis message, not a thousand. Redis only
 * carries the hint: a message lost with Redis is found by the client's next resume, as everything is stored first.
 *
 * <p>Streams are limited per person ({@code maxStreamsPerUser} on this replica), live at most
 * {@code maxLifetime} (then UNAVAILABLE, STREAM_EXPIRED: the client resumes), end on shutdown (UNAVAILABLE,
 * SHUTTING_DOWN), and end at once when their session is signed out (UNAUTHENTICATED, SESSION_REVOKED: identity's
 * revocation signal, re-checked against the deny-list, ADR 21).
 */
public final class NotificationHub implements LiveFeed, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationHub.class);
    static final String TOPIC = "notification:live";
    private static final String TOKEN_REVOKED = "TOKEN_REVOKED";

    private final Inbox inbox;
    private final RTopic topic;
    private final RevocationSignal revocations;
    private final AccessTokenVerifier verifier;
    private final StatusMapper statusMapper;
    private final LiveSettings settings;
    private final Map<UUID, Set<NotificationStream>> byUser = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "notification-live");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Integer listener;
    private volatile AutoCloseable revocationListener;

    /** Limits of live streams. */
    public record LiveSettings(int maxStreamsPerUser, int maxQueued, int maxReplay, Duration maxLifetime,
                               Duration revocationSweep, Duration heartbeat) {
    }

    public NotificationHub(Inbox inbox, RedissonClient redis, RevocationSignal revocations,
                           AccessTokenVerifier verifier, StatusMapper statusMapper, LiveSettings settings) {
        this.inbox = inbox;
        this.topic = redis.getTopic(TOPIC, ByteArrayCodec.INSTANCE);
        this.revocations = revocations;
        this.verifier = verifier;
        this.statusMapper = statusMapper;
        this.settings = settings;
    }

    /** Opens a stream for the caller: replays what came after {@code resumeAfterId}, then goes live. */
    public void subscribe(UUID userId, String accessToken, long resumeAfterId,
                          ServerCallStreamObserver<SubscribeResponse> observer) {
        NotificationStream stream = new NotificationStream(userId, accessToken, observer, settings.maxQueued());
        Set<NotificationStream> streams = byUser.computeIfAbsent(userId, user -> ConcurrentHashMap.newKeySet());
        synchronized (streams) {
            if (streams.size() >= settings.maxStreamsPerUser()) {
                throw new ResourceExhaustedException("TOO_MANY_STREAMS", "At most "
                        + settings.maxStreamsPerUser() + " live notification streams per person; close one first.");
            }
            streams.add(stream);
        }
        observer.setOnCancelHandler(() -> {
            stream.cancelled();
            remove(stream);
        });
        observer.setOnReadyHandler(stream::drain);
        timer.schedule(() -> end(stream, new UnavailableException("STREAM_EXPIRED",
                "This stream reached its longest life; resume after the last id seen.")),
                settings.maxLifetime().toMillis(), TimeUnit.MILLISECONDS);
        // Registered before the replay is read: whatever commits meanwhile is held, then sent after it, once.
        Inbox.Replay replay;
        try {
            replay = inbox.replay(userId, resumeAfterId, settings.maxReplay());
        } catch (RuntimeException failed) {
            remove(stream);
            throw failed;
        }
        List<SubscribeResponse> first = new ArrayList<>(replay.missed().size() + 3);
        if (replay.gap()) {
            first.add(SubscribeResponse.newBuilder().setGap(true).build());
        }
        replay.missed().forEach(view -> first.add(SubscribeResponse.newBuilder()
                .setNotification(NotificationProtos.notification(view)).build()));
        first.add(SubscribeResponse.newBuilder().setUnreadCount(replay.unreadCount()).build());
        first.add(SubscribeResponse.newBuilder().setCaughtUp(true).build());
        stream.replayed(first, replay.lastId());
    }

    @Override
    public void made(List<Made> made) {
        try {
            topic.publish(encode(made));
        } catch (RuntimeException failed) {
            log.atWarn().setCause(failed).log("live notifications not published; clients find them when they resume");
        }
    }

    @Override
    public void unreadChanged(UUID userId, long unreadCount) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(1);
            writeUser(out, userId);
            SubscribeResponse.newBuilder().setUnreadCount(unreadCount).build().writeDelimitedTo(out);
            topic.publish(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException failed) {
            log.atWarn().setCause(failed).log("unread count not published; clients find it when they resume");
        }
    }

    /** How many streams are open on this replica (for tests and metrics). */
    public int openStreams() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    private static byte[] encode(List<Made> made) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(made.size() * 256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(made.size() * 2);
            for (Made one : made) {
                writeUser(out, one.notification().userId());
                SubscribeResponse.newBuilder().setNotification(NotificationProtos.notification(one.notification())).build()
                        .writeDelimitedTo(out);
                writeUser(out, one.notification().userId());
                SubscribeResponse.newBuilder().setUnreadCount(one.unreadCount()).build().writeDelimitedTo(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeUser(DataOutputStream out, UUID userId) throws IOException {
        out.writeLong(userId.getMostSignificantBits());
        out.writeLong(userId.getLeastSignificantBits());
    }

    private void received(byte[] message) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                UUID user = new UUID(in.readLong(), in.readLong());
                SubscribeResponse response = SubscribeResponse.parseDelimitedFrom(in);
                Set<NotificationStream> streams = byUser.get(user);
                if (streams == null) {
                    continue;
                }
                for (NotificationStream stream : streams) {
                    if (!stream.offer(response)) {
                        end(stream, new ResourceExhaustedException("SLOW_CONSUMER", "This stream fell too far "
                                + "behind; resume after the last id seen."));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.atWarn().setCause(e).log("a live notification message could not be read");
        }
    }

    private void end(NotificationStream stream, RuntimeException why) {
        stream.fail(status(why));
        remove(stream);
    }

    private StatusException status(Throwable why) {
        return statusMapper.map(why).orElseGet(statusMapper::internal);
    }

    private void remove(NotificationStream stream) {
        Set<NotificationStream> streams = byUser.get(stream.userId());
        if (streams != null) {
            synchronized (streams) {
                streams.remove(stream);
                if (streams.isEmpty()) {
                    byUser.remove(stream.userId(), streams);
                }
            }
        }
    }

    private void heartbeat() {
        SubscribeResponse beat = SubscribeResponse.newBuilder().setHeartbeat(true).build();
        for (Set<NotificationStream> streams : List.copyOf(byUser.values())) {
            for (NotificationStream stream : List.copyOf(streams)) {
                if (!stream.offer(beat)) {
                    end(stream, new ResourceExhaustedException("SLOW_CONSUMER", "This stream fell too far "
                            + "behind; resume after the last id seen."));
                }
            }
        }
    }

    private void checkTokens(UUID onlyUser) {
        for (Set<NotificationStream> streams : List.copyOf(byUser.values())) {
            for (NotificationStream stream : List.copyOf(streams)) {
                if ((onlyUser == null || onlyUser.equals(stream.userId())) && revoked(stream.accessToken())) {
                    log.atInfo().addKeyValue("userId", stream.userId())
                            .log("notification stream ended: its access token was revoked");
                    end(stream, new UnauthenticatedException("SESSION_REVOKED",
                            "This session was signed out or its rights changed; sign in again."));
                }
            }
        }
    }

    /** Only a revocation ends a stream here; a token that cannot be checked now keeps its stream until next time. */
    private boolean revoked(String token) {
        if (token == null) {
            return false;
        }
        try {
            verifier.verify(token);
            return false;
        } catch (InvalidAccessTokenException refused) {
            return TOKEN_REVOKED.equals(refused.reason());
        } catch (RuntimeException unavailable) {
            return false;
        }
    }

    @Override
    public void start() {
        listener = topic.addListener(byte[].class, (channel, message) -> received(message));
        revocationListener = revocations.listen(user -> timer.execute(() -> checkTokens(UUID.fromString(user))),
                () -> timer.execute(() -> {
                    verifier.retryDenyListNow();
                    checkTokens(null);
                }));
        long sweep = settings.revocationSweep().toMillis();
        timer.scheduleAtFixedRate(() -> checkTokens(null), sweep, sweep, TimeUnit.MILLISECONDS);
        long beat = settings.heartbeat().toMillis();
        timer.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (listener != null) {
            topic.removeListener(listener);
            listener = null;
        }
        try {
            if (revocationListener != null) {
                revocationListener.close();
            }
        } catch (Exception failed) {
            log.atWarn().setCause(failed).log("revocation listener not removed");
        }
        revocationListener = null;
        for (Set<NotificationStream> streams : List.copyOf(byUser.values())) {
            for (NotificationStream stream : List.copyOf(streams)) {
                end(stream, new UnavailableException("SHUTTING_DOWN", "The server is stopping; resume elsewhere."));
            }
        }
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }

    /** Listens before the gRPC server starts and until after it stopped taking calls. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2;
    }
}
