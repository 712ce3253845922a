package dev.cohort.chat.live;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.v1.ServerFrame;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One open Subscribe or Connect call: who holds it, the conversations it follows and the writer of its frames.
 * Its id names it in Redis (presence) and in logs.
 */
final class LiveStream {

    enum Kind { SUBSCRIBE, CONNECT }

    /** What the owner of streams is told about them. */
    interface Listener {

        /** A MembersChanged frame removing this stream's user reached {@code subscription}. */
        void removedFrom(Subscription subscription);

        /** The call is over, however it ended; called once. */
        void terminated(LiveStream stream);
    }

    /** How a stream's writer is set up. */
    record WriterSettings(int capacity, Executor executor, Supplier<StatusException> slowConsumer,
                          LiveMetrics metrics) {
    }

    private final UUID id = UUID.randomUUID();
    private final Actor actor;
    private final Kind kind;
    private final Listener listener;
    private final StreamWriter writer;
    private final Map<UUID, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final List<Future<?>> timers = new CopyOnWriteArrayList<>();
    /** A Connect stream's next idle check: one at a time, each scheduling the next. */
    private volatile Future<?> idleCheck;
    /** The stream ended: timers added from now on are cancelled at once. */
    private volatile boolean timersCancelled;
    private volatile boolean reconnecting;
    private final AtomicBoolean online = new AtomicBoolean();

    /** {@code wrap} turns a frame into what the call is given ({@link StreamWriter}). */
    <T> LiveStream(Actor actor, Kind kind, ServerCallStreamObserver<T> call, Function<SharedFrame, T> wrap,
                   WriterSettings settings, Listener listener) {
        this.actor = actor;
        this.kind = kind;
        this.listener = listener;
        this.writer = new StreamWriter(call, wrap, settings.capacity(), settings.executor(), settings.slowConsumer(),
                settings.metrics(), () -> listener.terminated(this));
    }

    UUID id() {
        return id;
    }

    Actor actor() {
        return actor;
    }

    StreamWriter writer() {
        return writer;
    }

    /** Follows the subscription's conversation; returns the subscription it replaces, if any. */
    Subscription attach(Subscription subscription) {
        return subscriptions.put(subscription.conversationId(), subscription);
    }

    /** Stops following the conversation; returns its subscription, if it had one. */
    Subscription detach(UUID conversationId) {
        return subscriptions.remove(conversationId);
    }

    /** Detaches {@code subscription} only if it is still the current one of its conversation. */
    boolean detach(Subscription subscription) {
        return subscriptions.remove(subscription.conversationId(), subscription);
    }

    boolean follows(UUID conversationId) {
        return subscriptions.containsKey(conversationId);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Detaches every subscription and returns them. */
    List<Subscription> detachAll() {
        List<Subscription> all = List.copyOf(subscriptions.values());
        all.forEach(this::detach);
        return all;
    }

    void addTimer(Future<?> timer) {
        timers.add(timer);
        if (timersCancelled) {
            timer.cancel(false);
        }
    }

    /**
     * The idle check that replaces the one that just ran (kept apart from {@link #addTimer}, whose list would grow
     * by one every idle period of a long-lived stream).
     */
    void replaceIdleCheck(Future<?> check) {
        idleCheck = check;
        if (timersCancelled) {
            check.cancel(false);
        }
    }

    /**
     * Cancels the stream's timers once it has ended. A pending timer task references the stream, and through it
     * the gRPC call, its interceptors and buffers: left in the timer's queue until it fires (the idle check runs
     * every idle timeout, 90 s), it kept each closed stream's few kilobytes for that long, which at thousands of
     * streams reconnecting at once (a replica restarting, tokens expiring together) is tens of megabytes.
     */
    void cancelTimers() {
        timersCancelled = true;
        timers.forEach(timer -> timer.cancel(false));
        timers.clear();
        Future<?> check = idleCheck;
        if (check != null) {
            check.cancel(false);
            idleCheck = null;
        }
    }

    boolean open() {
        return writer.open();
    }

    /** Tells the client to reconnect (this replica is going away) and ends the call after the queued frames. */
    void reconnect(String reason) {
        reconnecting = true;
        writer.finish(LiveFrames.reconnect(reason));
    }

    /** Whether the call was ended by {@link #reconnect}: its user is expected back on another replica. */
    boolean reconnecting() {
        return reconnecting;
    }

    /** The stream counts towards its user's presence (see {@link PresenceTracker}). */
    void markOnline() {
        online.set(true);
    }

    boolean online() {
        return online.get();
    }

    /** True the one time the stream stops counting towards its user's presence. */
    boolean markOffline() {
        return online.compareAndSet(true, false);
    }

    void removedFrom(Subscription subscription) {
        listener.removedFrom(subscription);
    }

    @Override
    public String toString() {
        return kind + " stream " + id + " of " + actor.userId();
    }
}
