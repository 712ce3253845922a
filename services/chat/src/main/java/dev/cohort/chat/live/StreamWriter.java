package dev.cohort.chat.live;

import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.ServerFrame;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes frames to one gRPC stream with the transport's flow control: frames wait in a bounded queue and are
 * handed to gRPC only while {@link ServerCallStreamObserver#isReady()} says the transport takes more (the
 * on-ready handler resumes writing). Exactly one thread writes at a time, on the writer executor, so producers
 * (the Redis listener, replays, command handlers) never block on a client.
 *
 * <p>The budget is {@code capacity} frames per stream, counting both the queue and the frames that subscriptions
 * hold back for it during a replay. A client that lets the budget fill up is too slow to follow: its queue is
 * dropped and the stream closed with RESOURCE_EXHAUSTED (SLOW_CONSUMER); it resumes by sequence. Ephemeral frames
 * (typing, presence, heartbeats) are shed earlier, once half the budget is used, so they never cut a client off.
 */
final class StreamWriter {

    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);

    private final ServerCallStreamObserver<Object> observer;
    private final Function<SharedFrame, Object> wrap;
    private final int capacity;
    private final Executor executor;
    private final Supplier<StatusException> slowConsumer;
    private final LiveMetrics metrics;
    private final Runnable onTerminated;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean terminated = new AtomicBoolean();

    // Guarded by this.
    private final ArrayDeque<SharedFrame> queue = new ArrayDeque<>();
    private final List<RoomWaiter> waiters = new ArrayList<>();
    private int reserved;
    private int peak;
    /** Close with this status next, dropping the queue. */
    private StatusException failure;
    /** Write what is queued whatever the readiness (it is bounded), then complete the call. */
    private boolean finishing;
    /** The call is over (completed, failed or cancelled): nothing more is written. */
    private boolean done;

    /**
     * {@code wrap} turns a frame into what the call is given: the shared frame itself where the RPC's marshaller
     * is a {@link SharedFrameMarshaller} (the live RPCs), its plain frame in tests.
     */
    @SuppressWarnings("unchecked")
    <T> StreamWriter(ServerCallStreamObserver<T> observer, Function<SharedFrame, T> wrap, int capacity,
                     Executor executor, Supplier<StatusException> slowConsumer, LiveMetrics metrics,
                     Runnable onTerminated) {
        this.observer = (ServerCallStreamObserver<Object>) observer;
        this.wrap = (Function<SharedFrame, Object>) wrap;
        this.capacity = capacity;
        this.executor = executor;
        this.slowConsumer = slowConsumer;
        this.metrics = metrics;
        this.onTerminated = onTerminated;
    }

    /** Hooks into the call; must run while gRPC is still in the handler that started it. */
    void attach() {
        observer.setOnReadyHandler(this::scheduleDrain);
        observer.setOnCancelHandler(this::cancelled);
    }

    /**
     * Queues a frame that must not be lost silently (messages, acks, errors). False if the stream is closing, or
     * if the budget is used up, in which case the stream is closed as a slow consumer.
     */
    boolean offer(ServerFrame frame) {
        return offer(SharedFrame.of(frame));
    }

    /** {@link #offer(ServerFrame)} for a frame that goes to several streams (encoded once for all of them). */
    boolean offer(SharedFrame frame) {
        synchronized (this) {
            if (!admit(frame)) {
                return false;
            }
        }
        scheduleDrain();
        return true;
    }

    /**
     * Queues {@code frames} (the answers of a Connect stream's commands) in order and, if nothing else waits for
     * this stream and no write is in progress, writes them on the calling thread (the writer lane's, for sends)
     * instead of the writer executor. Under load that executor's queue holds the fan-out of every stream, and an
     * ack waiting behind thousands of other streams' deliveries made most of a send's latency. Writing is
     * non-blocking (the transport's own queue; flow control still applies), and with other frames queued the
     * executor writes as usual, so the calling thread never works through another stream's backlog. False if the
     * stream is closing or its budget ran out (then it is closed).
     */
    boolean offerAnswers(List<ServerFrame> frames) {
        boolean alone;
        synchronized (this) {
            for (ServerFrame frame : frames) {
                if (!admit(SharedFrame.of(frame))) {
                    return false;
                }
            }
            alone = queue.size() == frames.size();
        }
        if (!alone) {
            scheduleDrain();
        } else if (wip.getAndIncrement() == 0) {
            drain();
        }
        return true;
    }

    /** Queues a frame a slow client can do without; dropped once half the budget is in use. */
    void offerEphemeral(ServerFrame frame) {
        offerEphemeral(SharedFrame.of(frame));
    }

    void offerEphemeral(SharedFrame frame) {
        synchronized (this) {
            if (closing() || queue.size() + reserved >= capacity / 2) {
                return;
            }
            enqueue(frame);
        }
        scheduleDrain();
    }

    /** Claims one frame of the budget for a frame held back elsewhere; false (and closed) when there is none. */
    synchronized boolean reserve() {
        if (closing()) {
            return false;
        }
        if (queue.size() + reserved >= capacity) {
            overflow();
            return false;
        }
        reserved++;
        notePeak();
        return true;
    }

    /** Gives back {@code frames} claims whose frames were dropped. */
    synchronized void release(int frames) {
        reserved = Math.max(0, reserved - frames);
    }

    /** Queues a frame whose slot was claimed with {@link #reserve()}. */
    void offerReserved(SharedFrame frame) {
        synchronized (this) {
            reserved = Math.max(0, reserved - 1);
            if (closing()) {
                return;
            }
            enqueue(frame);
        }
        scheduleDrain();
    }

    /**
     * Completes once {@code frames} more fit in the budget (replays read the next page only then, so a replay
     * never outruns its client). Fails when the stream closes, or at once when they could never fit.
     */
    CompletableFuture<Void> whenRoomFor(int frames) {
        synchronized (this) {
            if (closing()) {
                return CompletableFuture.failedFuture(new CancellationException("stream closed"));
            }
            if (reserved + frames > capacity) {
                overflow();
                return CompletableFuture.failedFuture(new CancellationException("slow consumer"));
            }
            if (queue.size() + reserved + frames <= capacity) {
                return CompletableFuture.completedFuture(null);
            }
            RoomWaiter waiter = new RoomWaiter(frames, new CompletableFuture<>());
            waiters.add(waiter);
            return waiter.future;
        }
    }

    /** Takes the text of a deleted message out of the frames still queued (they were built before it went). */
    synchronized void redactQueued(Message tombstone) {
        if (queue.isEmpty()) {
            return;
        }
        ArrayDeque<SharedFrame> redacted = new ArrayDeque<>(queue.size());
        for (SharedFrame frame : queue) {
            redacted.add(frame.redacted(tombstone));
        }
        queue.clear();
        queue.addAll(redacted);
    }

    /** Closes the stream with {@code status}, dropping whatever is still queued. */
    void fail(StatusException status) {
        synchronized (this) {
            if (closing()) {
                return;
            }
            failure = status;
            queue.clear();
            failWaiters();
        }
        scheduleDrain();
    }

    /** Writes what is queued, then {@code last} (if any), then completes the call. */
    void finish(ServerFrame last) {
        synchronized (this) {
            if (closing()) {
                return;
            }
            if (last != null) {
                queue.add(SharedFrame.of(last));
            }
            finishing = true;
            failWaiters();
        }
        scheduleDrain();
    }

    synchronized boolean open() {
        return !closing();
    }

    /** Frames this stream holds now (queued and held back). */
    synchronized int held() {
        return queue.size() + reserved;
    }

    /** The most frames this stream ever held at once. */
    synchronized int peak() {
        return peak;
    }

    private boolean closing() {
        return done || finishing || failure != null;
    }

    /**
     * Queues a frame that must not be lost silently, if the stream is open and its budget has room; a full budget
     * closes the stream as a slow consumer. Caller holds the lock.
     */
    private boolean admit(SharedFrame frame) {
        if (closing()) {
            return false;
        }
        if (queue.size() + reserved >= capacity) {
            overflow();
            return false;
        }
        enqueue(frame);
        return true;
    }

    private void enqueue(SharedFrame frame) {
        Message tombstone = LiveFrames.tombstoneOf(frame.frame());
        if (tombstone != null) {
            redactQueued(tombstone);
        }
        queue.add(frame);
        notePeak();
    }

    private void notePeak() {
        int held = queue.size() + reserved;
        if (held > peak) {
            peak = held;
            metrics.notePeakQueue(held);
        }
    }

    private void overflow() {
        failure = slowConsumer.get();
        queue.clear();
        failWaiters();
        metrics.slowConsumer();
        // The close itself is written by the writer thread, like every other call on the observer.
        scheduleDrain();
    }

    private void failWaiters() {
        for (RoomWaiter waiter : waiters) {
            waiter.future.completeExceptionally(new CancellationException("stream closed"));
        }
        waiters.clear();
    }

    private void cancelled() {
        synchronized (this) {
            done = true;
            queue.clear();
            reserved = 0;
            failWaiters();
        }
        terminated();
    }

    private void scheduleDrain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        if (FanOutDrains.defer(this::drain)) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                done = true;
                queue.clear();
            }
            terminated();
        }
    }

    /** The only place that calls the observer; one thread at a time (the {@code wip} counter). */
    private void drain() {
        int missed = 1;
        do {
            drainOnce();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainOnce() {
        while (true) {
            SharedFrame next;
            StatusException fail = null;
            boolean complete = false;
            List<CompletableFuture<Void>> roomy;
            synchronized (this) {
                if (done) {
                    return;
                }
                roomy = roomyWaiters();
                next = null;
                if (failure != null) {
                    fail = failure;
                    done = true;
                } else if (!queue.isEmpty() && (finishing || observer.isReady())) {
                    next = queue.poll();
                } else if (queue.isEmpty() && finishing) {
                    complete = true;
                    done = true;
                }
            }
            roomy.forEach(future -> future.complete(null));
            if (fail != null) {
                StatusException status = fail;
                closeObserver(() -> observer.onError(status));
                return;
            }
            if (complete) {
                closeObserver(observer::onCompleted);
                return;
            }
            if (next == null) {
                return;
            }
            try {
                observer.onNext(wrap.apply(next));
                metrics.delivered(next);
            } catch (RuntimeException broken) {
                log.atWarn().setCause(broken).log("live stream refused a frame; closing it");
                synchronized (this) {
                    done = true;
                    queue.clear();
                    failWaiters();
                }
                terminated();
                return;
            }
        }
    }

    private List<CompletableFuture<Void>> roomyWaiters() {
        if (waiters.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<Void>> roomy = new ArrayList<>();
        int free = capacity - queue.size() - reserved;
        for (Iterator<RoomWaiter> it = waiters.iterator(); it.hasNext(); ) {
            RoomWaiter waiter = it.next();
            if (waiter.frames <= free) {
                free -= waiter.frames;
                roomy.add(waiter.future);
                it.remove();
            }
        }
        return roomy;
    }

    private void closeObserver(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException alreadyClosed) {
            log.atDebug().setCause(alreadyClosed).log("live stream was already closed");
        }
        terminated();
    }

    private void terminated() {
        if (terminated.compareAndSet(false, true)) {
            onTerminated.run();
        }
    }

    private record RoomWaiter(int frames, CompletableFuture<Void> future) {
    }
}
