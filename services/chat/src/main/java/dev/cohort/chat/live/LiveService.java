package dev.cohort.chat.live;

import dev.cohort.auth.Caller;
import dev.cohort.chat.api.LiveRpcs;
import dev.cohort.chat.app.ConversationAccess;
import dev.cohort.chat.app.MessageQueries;
import dev.cohort.chat.app.MessageWriter;
import dev.cohort.chat.app.ReadMarkers;
import dev.cohort.chat.app.SendRateLimit;
import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.GetPresenceRequest;
import dev.cohort.chat.v1.GetPresenceResponse;
import dev.cohort.chat.v1.SendTypingRequest;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import dev.cohort.grpc.common.errors.CohortException;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.grpc.server.ValidationInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;

/**
 * The live RPCs: Subscribe (browsers), Connect (native clients), GetPresence and SendTyping. Opens and closes
 * streams, keeps their users' presence, and on shutdown tells every client to reconnect elsewhere.
 *
 * <p>Blocking work (PostgreSQL, Redis) never runs on gRPC's threads: the handlers only set the stream up and
 * hand over to the live workers, so a slow database delays streams, not the server.
 */
public final class LiveService implements LiveRpcs, SmartLifecycle, ApplicationListener<GrpcServerShutdownEvent> {

    private static final Logger log = LoggerFactory.getLogger(LiveService.class);
    private static final String SHUTDOWN_REASON = "server shutting down";

    private final LiveHub hub;
    private final LiveExecutors executors;
    private final LiveProperties properties;
    private final ConversationAccess access;
    private final PresenceTracker presence;
    private final TypingTracker typing;
    private final SubscriptionStarter subscriptions;
    private final StreamCommands commands;
    private final Failures failures;
    private final ValidationInterceptor validation;
    private final SendRateLimit frameRate;
    private final Clock clock;
    private final LiveStream.WriterSettings writerSettings;
    private final StreamRevocations revocations;
    private final LiveStream.Listener streamListener = new StreamListener();
    private volatile boolean stopping;
    private volatile boolean running;
    private ScheduledFuture<?> presenceRefresh;

    public LiveService(LiveDelivery delivery, RedissonClient redisson, ConversationAccess access,
                       MessageQueries queries, MessageWriter writer, ReadMarkers readMarkers,
                       StatusMapper statusMapper, ValidationInterceptor validation, StreamRevocations revocations,
                       Clock clock) {
        this.hub = delivery.hub();
        this.revocations = revocations;
        this.executors = delivery.executors();
        this.properties = delivery.properties();
        this.access = access;
        this.clock = clock;
        this.validation = validation;
        this.failures = new Failures(statusMapper);
        this.presence = new PresenceTracker(redisson, access, delivery.fanOut(), clock, properties);
        this.typing = new TypingTracker(redisson, access, delivery.fanOut(), clock, properties.typingTtl());
        this.subscriptions = new SubscriptionStarter(hub, access, queries, executors, properties);
        this.commands = new StreamCommands(subscriptions, hub, writer, readMarkers, typing, executors);
        // The same token bucket as the per-user send limit, keyed by stream id here.
        this.frameRate = new SendRateLimit(properties.framesPerSecond(), properties.frameBurst(), System::nanoTime);
        this.writerSettings = new LiveStream.WriterSettings(properties.outboundQueueFrames(), executors.writers(),
                failures::slowConsumer, delivery.metrics());
    }

    @Override
    public void subscribe(Actor actor, SubscribeRequest request, StreamObserver<SubscribeResponse> frames) {
        LiveStream stream = open(actor, LiveStream.Kind.SUBSCRIBE, serverSide(frames),
                encodedOnce());
        if (stream == null) {
            return;
        }
        work(stream, () -> {
            if (!goOnline(stream)) {
                return;
            }
            long every = properties.heartbeatInterval().toMillis();
            // The first heartbeat goes out at once: it carries the response headers, so a browser behind gRPC-Web
            // knows the stream is live before the first message or the first interval.
            stream.addTimer(executors.timer().scheduleAtFixedRate(
                    () -> stream.writer().offerEphemeral(LiveFrames.heartbeat(clock.instant())),
                    0, every, TimeUnit.MILLISECONDS));
            if (!stream.open()) {
                stream.cancelTimers();
                return;
            }
            subscriptions.startAll(stream, request.getConversationsList()).whenComplete((started, failure) -> {
                if (failure != null) {
                    stream.writer().fail(failures.statusOf(failure));
                }
            });
        });
    }

    @Override
    public StreamObserver<ConnectRequest> connect(Actor actor, StreamObserver<ConnectResponse> frames) {
        ServerCallStreamObserver<ConnectResponse> call = serverSide(frames);
        // Client frames are requested one by one while fewer than commands-in-flight are unanswered (ConnectSession).
        call.disableAutoRequest();
        LiveStream stream = open(actor, LiveStream.Kind.CONNECT, call,
                encodedOnce());
        if (stream == null) {
            return new IgnoredFrames();
        }
        ConnectSession session = new ConnectSession(stream, call, commands::run, validation, failures, frameRate,
                executors, properties.idleTimeout(), properties.commandsInFlight());
        work(stream, () -> {
            if (goOnline(stream)) {
                session.begin();
            }
        });
        return session;
    }

    @Override
    public GetPresenceResponse getPresence(Actor actor, GetPresenceRequest request) {
        List<UUID> users = request.getUserIdsList().stream().map(UUID::fromString).toList();
        return GetPresenceResponse.newBuilder()
                .addAllPresences(presence.lookup(users, access.presenceVisibleTo(actor, users))).build();
    }

    @Override
    public void sendTyping(Actor actor, SendTypingRequest request) {
        typing.update(actor, UUID.fromString(request.getConversationId()), request.getTyping());
    }

    /** Subscribe and Connect get the marshaller that writes each shared frame's bytes, encoded once. */
    @Override
    public ServerServiceDefinition bind(ServerServiceDefinition generated) {
        return SharedFrameMarshaller.forLiveStreams(generated, Set.of(
                ChatServiceGrpc.getSubscribeMethod().getBareMethodName(),
                ChatServiceGrpc.getConnectMethod().getBareMethodName()));
    }

    /** The gRPC server starts shutting down: every client is told to reconnect before the grace period runs. */
    @Override
    public void onApplicationEvent(GrpcServerShutdownEvent event) {
        reconnectAll();
    }

    @Override
    public void start() {
        stopping = false;
        long every = properties.presenceRefresh().toMillis();
        presenceRefresh = executors.timer().scheduleAtFixedRate(this::refreshPresence, every, every,
                TimeUnit.MILLISECONDS);
        running = true;
    }

    /** After the gRPC server stopped (it stops first); streams it did not end are told to reconnect here. */
    @Override
    public void stop() {
        reconnectAll();
        if (presenceRefresh != null) {
            presenceRefresh.cancel(false);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }

    private void reconnectAll() {
        stopping = true;
        List<LiveStream> open = hub.streams();
        if (!open.isEmpty()) {
            log.atInfo().addKeyValue("streams", open.size()).log("telling live clients to reconnect");
        }
        open.forEach(stream -> stream.reconnect(SHUTDOWN_REASON));
    }

    /**
     * What the live RPCs hand gRPC for a frame: the shared frame itself, which their response marshaller writes as
     * the bytes it encoded once for every stream ({@link SharedFrameMarshaller}, installed by the gRPC endpoint).
     */
    @SuppressWarnings("unchecked")
    private static <T> Function<SharedFrame, T> encodedOnce() {
        return shared -> (T) shared;
    }

    private <T> LiveStream open(Actor actor, LiveStream.Kind kind, ServerCallStreamObserver<T> call,
                                Function<SharedFrame, T> wrap) {
        LiveStream stream = new LiveStream(actor, kind, call, wrap, writerSettings, streamListener);
        stream.writer().attach();
        if (stopping) {
            stream.reconnect(SHUTDOWN_REASON);
            return null;
        }
        hub.opened(stream);
        revocations.watch(stream);
        closeWhenTheTokenExpires(stream);
        log.atDebug().addKeyValue("streamId", stream.id()).addKeyValue("userId", actor.userId())
                .addKeyValue("kind", kind).log("live stream opened");
        return stream;
    }

    /**
     * A stream lives no longer than the access token that opened it: at its expiry the stream ends with
     * UNAUTHENTICATED, and the client reconnects with a fresh token, resuming after its last sequence. (Tokens
     * are short-lived, so a suspended user's streams end within a token's lifetime.)
     */
    private void closeWhenTheTokenExpires(LiveStream stream) {
        Caller.current().map(Caller::expiresAt).ifPresent(expiry -> {
            long delay = Math.max(0, Duration.between(clock.instant(), expiry).toMillis());
            try {
                stream.addTimer(executors.timer().schedule(() -> stream.writer().fail(Status.UNAUTHENTICATED
                        .withDescription("The access token expired; reconnect with a fresh one and resume after "
                                + "the last sequence received.").asException()), delay, TimeUnit.MILLISECONDS));
            } catch (RejectedExecutionException shuttingDown) {
                // The application is stopping; the stream is being told to reconnect.
            }
        });
    }

    /**
     * Counts the stream towards its user's presence (refused beyond the streams per user). False if the stream
     * ended meanwhile, in which case it counts no more either.
     */
    private boolean goOnline(LiveStream stream) {
        presence.join(stream);
        stream.markOnline();
        if (stream.open()) {
            return true;
        }
        // Ended while joining: its cleanup may have run before it was online.
        if (!stream.reconnecting() && stream.markOffline()) {
            presence.leave(stream);
        }
        return false;
    }

    /** Runs the stream's setup on a worker; a refusal (limits, access) ends the stream with its status. */
    private void work(LiveStream stream, Runnable setup) {
        try {
            executors.worker().execute(() -> {
                try {
                    setup.run();
                } catch (RuntimeException refused) {
                    stream.writer().fail(failures.statusOf(refused));
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            stream.reconnect(SHUTDOWN_REASON);
        }
    }

    private void refreshPresence() {
        List<LiveStream> online = hub.streams().stream().filter(LiveStream::online).toList();
        if (online.isEmpty()) {
            return;
        }
        try {
            executors.worker().execute(() -> {
                try {
                    presence.refresh(online);
                } catch (RuntimeException failed) {
                    log.atWarn().setCause(failed).log("presence refresh failed; will retry");
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // Stopping.
        }
    }

    private static <T> ServerCallStreamObserver<T> serverSide(StreamObserver<T> frames) {
        if (frames instanceof ServerCallStreamObserver<T> call) {
            return call;
        }
        throw new IllegalArgumentException("live streams need gRPC's own response observer (flow control)");
    }

    private final class StreamListener implements LiveStream.Listener {

        @Override
        public void removedFrom(Subscription subscription) {
            LiveStream stream = subscription.stream();
            try {
                executors.worker().execute(() -> {
                    try {
                        access.requireReadable(stream.actor(), subscription.conversationId());
                    } catch (CohortException noLongerReadable) {
                        if (stream.detach(subscription)) {
                            hub.leave(subscription);
                            log.atInfo().addKeyValue("streamId", stream.id())
                                    .addKeyValue("conversationId", subscription.conversationId())
                                    .log("subscription ended: the user may no longer read the conversation");
                        }
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                // Stopping: the stream is being closed anyway.
            }
        }

        @Override
        public void terminated(LiveStream stream) {
            Runnable cleanup = () -> {
                stream.cancelTimers();
                revocations.forget(stream);
                hub.closed(stream);
                if (!stream.reconnecting() && stream.markOffline()) {
                    // A stream told to reconnect keeps its user online until the TTL: they are expected back on
                    // another replica within seconds, and an offline-online flicker for every user of a
                    // restarting replica would flood their conversations.
                    try {
                        presence.leave(stream);
                    } catch (RuntimeException failed) {
                        log.atWarn().setCause(failed).addKeyValue("streamId", stream.id())
                                .log("presence of a closed stream not removed; it lapses by TTL");
                    }
                }
                log.atDebug().addKeyValue("streamId", stream.id()).log("live stream closed");
            };
            try {
                executors.worker().execute(cleanup);
            } catch (RejectedExecutionException shuttingDown) {
                stream.cancelTimers();
                revocations.forget(stream);
                hub.closed(stream);
            }
        }
    }

    /** The client frames of a Connect stream that was refused at once (told to reconnect). */
    private static final class IgnoredFrames implements StreamObserver<ConnectRequest> {
        @Override
        public void onNext(ConnectRequest request) {
        }

        @Override
        public void onError(Throwable cause) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
