package dev.cohort.groupcommit;

import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.common.errors.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers {@link #offer} items, and each lane's thread takes everything waiting on its lane, up to
 * {@code maxBatch}, and hands it to the {@link BatchHandler} as one batch, so that one write (one transaction,
 * one commit) serves many callers. The engine owns the mechanics; the handler owns what a batch means.
 * <ul>
 *   <li><b>Lanes.</b> An item's lane follows from its key ({@code hashCode}), so items of one key are written by
 *   one thread, in the order offered, one batch at a time.</li>
 *   <li><b>Backpressure.</b> Each lane's queue is bounded; an offer to a full one is refused at once
 *   ({@code SERVER_BUSY}, RESOURCE_EXHAUSTED with a retry delay), never blocked.</li>
 *   <li><b>Stop drains.</b> Items accepted before {@link #stop} are all written before it returns; offers after it
 *   (or before {@link #start}) are refused ({@code SHUTTING_DOWN}, UNAVAILABLE).</li>
 *   <li><b>A bad item fails alone.</b> When a batch's write throws, its items are written again one by one, so
 *   the item that broke it fails on its own and the others are written.</li>
 * </ul>
 * The offer path allocates nothing and hands the item straight to its lane's queue; the lane's thread reuses one
 * batch list. A lane waits for work in {@code poll}, so an idle engine costs one wake-up per lane every 200 ms.
 *
 * @param <T> an item
 * @param <R> what a written batch hands to {@link BatchHandler#committed}
 */
public final class GroupCommit<T, R> {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** How long an idle lane waits for an item before it looks at the running flag again. */
    private static final long IDLE_POLL_MILLIS = 200;
    /** How long {@link #stop} waits for each lane to write what it had accepted. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration BUSY_RETRY_AFTER = Duration.ofMillis(200);

    private final GroupCommitSettings settings;
    private final Function<? super T, ?> laneKey;
    private final BatchHandler<T, R> handler;
    private final LongSupplier nanoClock;
    private final GroupCommitStats stats = new GroupCommitStats();
    private final List<Lane> lanes;
    private volatile boolean running;

    /**
     * @param laneKey picks an item's lane by its {@code hashCode} (e.g. the conversation an item belongs to)
     */
    public GroupCommit(GroupCommitSettings settings, Function<? super T, ?> laneKey, BatchHandler<T, R> handler) {
        this(settings, laneKey, handler, System::nanoTime);
    }

    /** With the clock that times batches (tests give one they move by hand). */
    GroupCommit(GroupCommitSettings settings, Function<? super T, ?> laneKey, BatchHandler<T, R> handler,
                LongSupplier nanoClock) {
        this.settings = settings;
        this.laneKey = laneKey;
        this.handler = handler;
        this.nanoClock = nanoClock;
        List<Lane> created = new ArrayList<>(settings.lanes());
        for (int i = 0; i < settings.lanes(); i++) {
            created.add(new Lane(i));
        }
        this.lanes = List.copyOf(created);
    }

    /**
     * Queues {@code item} on its lane. It will be written (then {@link BatchHandler#committed}) or fail
     * ({@link BatchHandler#failed}); if this throws, it was not taken and nothing will be called for it.
     * Items are told apart by {@code equals} only when an offer races {@link #stop}: give them identity equality.
     *
     * @throws ResourceExhaustedException {@code SERVER_BUSY} when the lane's queue is full
     * @throws UnavailableException {@code SHUTTING_DOWN} when the engine is not running
     */
    public void offer(T item) {
        if (!running) {
            throw shuttingDown();
        }
        Lane lane = lanes.size() == 1 ? lanes.get(0)
                : lanes.get(Math.floorMod(laneKey.apply(item).hashCode(), lanes.size()));
        if (!lane.queue.offer(item)) {
            throw new ResourceExhaustedException("SERVER_BUSY", "Too many writes are waiting; try again shortly.",
                    BUSY_RETRY_AFTER);
        }
        // Stop may have come between the check above and the offer, after the lane's last look at its queue: then
        // take the item back (if it is still there, nobody will write it) and refuse it.
        if (!running && lane.queue.remove(item)) {
            throw shuttingDown();
        }
    }

    /** Starts the lanes' threads. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (Lane lane : lanes) {
            lane.thread = new Thread(lane::run, settings.name() + "-" + lane.index);
            lane.thread.setDaemon(true);
            lane.thread.start();
        }
    }

    /**
     * Refuses new items and returns once every item accepted so far is written (or {@link #DRAIN_TIMEOUT} passed
     * for a lane, which is logged). Lanes are not interrupted: a lane mid-batch finishes its write.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        for (Lane lane : lanes) {
            try {
                lane.thread.join(DRAIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (lane.thread.isAlive()) {
                log.error("{}: lane {} still writing after {}, {} items queued behind it", settings.name(),
                        lane.index, DRAIN_TIMEOUT, lane.queue.size());
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** The batches written so far: how many, how big, how long. */
    public GroupCommitStats stats() {
        return stats;
    }

    private static UnavailableException shuttingDown() {
        return new UnavailableException("SHUTTING_DOWN", "This replica is restarting; send again.");
    }

    private final class Lane {
        final int index;
        final BlockingQueue<T> queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        Thread thread;

        Lane(int index) {
            this.index = index;
        }

        void run() {
            int maxBatch = settings.maxBatch();
            List<T> batch = new ArrayList<>(maxBatch);
            while (true) {
                // Read the flag before looking at the queue: a lane leaves only after it saw "stopped" and then an
                // empty queue, so an item offered later sees "stopped" too and takes itself back (see offer).
                boolean stopping = !running;
                T first;
                try {
                    first = stopping ? queue.poll() : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                try {
                    write(batch);
                } finally {
                    batch.clear();
                }
            }
        }
    }

    private void write(List<T> batch) {
        long started = nanoClock.getAsLong();
        R result;
        try {
            result = handler.write(batch);
        } catch (RuntimeException failure) {
            stats.batch(batch.size(), nanoClock.getAsLong() - started);
            writeOneByOne(batch, failure);
            return;
        }
        stats.batch(batch.size(), nanoClock.getAsLong() - started);
        try {
            handler.committed(batch, result);
        } catch (RuntimeException unexpected) {
            log.error("{}: answering a written batch of {} failed", settings.name(), batch.size(), unexpected);
        }
    }

    /** After a failed batch: each item on its own, so only the ones that cannot be written fail. */
    private void writeOneByOne(List<T> batch, RuntimeException failure) {
        if (batch.size() == 1) {
            try {
                handler.failed(batch.get(0), failure);
            } catch (RuntimeException unexpected) {
                log.error("{}: answering a failed item failed", settings.name(), unexpected);
            }
            return;
        }
        log.warn("{}: a batch of {} failed; writing its items one by one", settings.name(), batch.size(), failure);
        for (T item : batch) {
            write(Collections.singletonList(item));
        }
    }
}
