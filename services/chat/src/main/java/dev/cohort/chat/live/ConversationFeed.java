package dev.cohort.chat.live;

import dev.cohort.chat.app.MessageQueries;
import dev.cohort.chat.app.MessageView;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.ServerFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation's live frames on this replica, put in sequence order for its local subscriptions.
 *
 * <p>Redis pub/sub delivers at most once and, with several publishing threads and replicas, not necessarily in
 * order, while clients must get a conversation's messages in sequence order without holes. So the feed knows the
 * last sequence it passed on ({@code delivered}, anchored on PostgreSQL's newest when the feed starts) and passes
 * on a MessageCreated only when it is the next one. One that arrives early waits; if the missing one has not
 * arrived after {@code gapFillDelay}, the missing messages are read from PostgreSQL, the source of truth. Late
 * duplicates are dropped. Other frames keep their place behind the messages that arrived before them (an edit
 * never overtakes the message it edits).
 *
 * <p>Deleted content never travels on: a deletion redacts the frames of that message still waiting here, and an
 * edit that arrives after the deletion of its message is dropped.
 */
final class ConversationFeed {

    private static final Logger log = LoggerFactory.getLogger(ConversationFeed.class);
    private static final int REMEMBERED_DELETIONS = 256;
    private static final int FILL_PAGE = 500;

    private final UUID conversationId;
    private final MessageQueries queries;
    private final LiveExecutors executors;
    private final LiveMetrics metrics;
    private final Duration gapFillDelay;
    private final int maxHeld;
    private final CompletableFuture<ConversationFeed> anchored = new CompletableFuture<>();

    // Guarded by this.
    /** The last sequence passed on; -1 until anchored. */
    private long delivered = -1;
    /** The highest sequence known to exist (arrived, or read from PostgreSQL). */
    private long knownMax;
    private final TreeMap<Long, ServerFrame> early = new TreeMap<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final Map<String, Message> deletions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Message> eldest) {
            return size() > REMEMBERED_DELETIONS;
        }
    };
    private final List<Subscription> subscribers = new ArrayList<>();
    private int joining;
    private boolean filling;
    private ScheduledFuture<?> fillTimer;
    private boolean closed;

    ConversationFeed(UUID conversationId, MessageQueries queries, LiveExecutors executors, LiveMetrics metrics,
                     Duration gapFillDelay, int maxHeld) {
        this.conversationId = conversationId;
        this.queries = queries;
        this.executors = executors;
        this.metrics = metrics;
        this.gapFillDelay = gapFillDelay;
        this.maxHeld = maxHeld;
    }

    UUID conversationId() {
        return conversationId;
    }

    /** Completes once the feed knows where the conversation stands; subscriptions join only then. */
    CompletableFuture<ConversationFeed> anchored() {
        return anchored;
    }

    /** Reads the conversation's newest sequence: frames after it are live, frames up to it are history. */
    void anchor() {
        try {
            long last = queries.lastSequence(conversationId);
            synchronized (this) {
                delivered = last;
                knownMax = Math.max(knownMax, last);
                release();
            }
            anchored.complete(this);
        } catch (RuntimeException failed) {
            log.atWarn().setCause(failed).addKeyValue("conversationId", conversationId)
                    .log("live feed could not read where its conversation stands");
            anchored.completeExceptionally(failed);
        }
    }

    /** A frame of this conversation from the fan-out. */
    synchronized void accept(ServerFrame frame) {
        if (closed) {
            return;
        }
        Message message = LiveFrames.messageOf(frame);
        if (message == null) {
            hold(frame, knownMax);
        } else if (frame.hasMessageCreated()) {
            acceptCreated(frame, message);
        } else if (frame.hasMessageDeleted()) {
            deletions.put(message.getMessageId(), message);
            redactHeld(message);
            hold(frame, Math.max(knownMax, message.getSequence()));
        } else if (deletions.containsKey(message.getMessageId())) {
            // An edit or pin that lost the race with the deletion: it would bring the text back.
            return;
        } else {
            hold(frame, Math.max(knownMax, message.getSequence()));
        }
        release();
    }

    /** Adds a subscription that joined with {@link LiveHub#join}; returns the sequence it starts after. */
    synchronized long add(Subscription subscription, boolean replay) {
        joining--;
        subscribers.add(subscription);
        subscription.begin(delivered, replay);
        return delivered;
    }

    synchronized void remove(Subscription subscription) {
        subscribers.remove(subscription);
    }

    synchronized void reserveJoin() {
        joining++;
    }

    synchronized void abandonJoin() {
        joining--;
    }

    /** Closes the feed if nobody follows or is about to follow it; true if it did. */
    synchronized boolean retireIfIdle() {
        if (joining > 0 || !subscribers.isEmpty()) {
            return false;
        }
        closed = true;
        cancelFillTimer();
        early.clear();
        waiting.clear();
        return true;
    }

    synchronized List<Subscription> subscribers() {
        return List.copyOf(subscribers);
    }

    /**
     * Checks PostgreSQL for messages newer than any frame seen: after the fan-out was disconnected, messages may
     * have been published while nobody listened, and no later frame would reveal the hole.
     */
    void catchUp() {
        try {
            long last = queries.lastSequence(conversationId);
            synchronized (this) {
                if (!closed && delivered >= 0 && last > knownMax) {
                    knownMax = last;
                    release();
                }
            }
        } catch (RuntimeException failed) {
            log.atWarn().setCause(failed).addKeyValue("conversationId", conversationId)
                    .log("live feed could not check for missed messages");
        }
    }

    private void acceptCreated(ServerFrame frame, Message message) {
        long sequence = message.getSequence();
        if (delivered >= 0 && sequence <= delivered) {
            return;
        }
        Message tombstone = deletions.get(message.getMessageId());
        ServerFrame safe = tombstone == null ? frame : LiveFrames.messageCreated(tombstone);
        knownMax = Math.max(knownMax, sequence);
        if (early.size() < maxHeld) {
            // A copy read from PostgreSQL may be here already; it is at least as new as this one.
            early.putIfAbsent(sequence, safe);
        }
        // Beyond maxHeld the frame is dropped: knownMax remembers it, and the gap fill reads it back.
    }

    private void hold(ServerFrame frame, long barrier) {
        if (waiting.size() >= maxHeld) {
            log.atWarn().addKeyValue("conversationId", conversationId).addKeyValue("frame", frame.getFrameCase())
                    .log("live feed is holding too many frames behind a missing message; dropping one");
            return;
        }
        waiting.add(new Waiting(barrier, frame));
        // An edit of message n means n exists: if its MessageCreated never arrives, the gap fill fetches it.
        knownMax = Math.max(knownMax, barrier);
    }

    private void redactHeld(Message tombstone) {
        early.replaceAll((sequence, frame) -> LiveFrames.redacted(frame, tombstone));
        ArrayDeque<Waiting> redacted = new ArrayDeque<>(waiting.size());
        for (Waiting each : waiting) {
            redacted.add(new Waiting(each.barrier, LiveFrames.redacted(each.frame, tombstone)));
        }
        waiting.clear();
        waiting.addAll(redacted);
    }

    /** Passes on everything that is next in order; schedules a gap fill if a message is missing. */
    private void release() {
        if (delivered < 0 || closed) {
            return;
        }
        boolean progressed = true;
        while (progressed) {
            progressed = false;
            while (!early.isEmpty() && early.firstKey() <= delivered) {
                early.pollFirstEntry();
            }
            if (!early.isEmpty() && early.firstKey() == delivered + 1) {
                emit(early.pollFirstEntry().getValue());
                delivered++;
                progressed = true;
            } else if (!waiting.isEmpty() && waiting.peek().barrier <= delivered) {
                emit(waiting.poll().frame);
                progressed = true;
            }
        }
        knownMax = Math.max(knownMax, delivered);
        if (knownMax > delivered) {
            scheduleFill(early.size() >= maxHeld ? Duration.ZERO : gapFillDelay);
        } else {
            cancelFillTimer();
        }
    }

    private void emit(ServerFrame frame) {
        // One instance for every subscription: it is serialized once, however many streams follow.
        SharedFrame shared = SharedFrame.of(frame);
        for (Subscription subscriber : subscribers) {
            subscriber.accept(shared);
        }
    }

    private void scheduleFill(Duration delay) {
        if (filling || fillTimer != null || closed) {
            return;
        }
        try {
            fillTimer = executors.timer().schedule(() -> {
                try {
                    executors.worker().execute(this::fill);
                } catch (RejectedExecutionException shuttingDown) {
                    // The application is stopping; streams are being closed.
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // As above.
        }
    }

    private void cancelFillTimer() {
        if (fillTimer != null) {
            fillTimer.cancel(false);
            fillTimer = null;
        }
    }

    /** Reads the missing messages from PostgreSQL (as they are now: deleted ones as tombstones). */
    private void fill() {
        long from;
        int limit;
        synchronized (this) {
            fillTimer = null;
            if (closed || knownMax <= delivered) {
                return;
            }
            filling = true;
            from = delivered;
            limit = (int) Math.min(FILL_PAGE, knownMax - delivered);
        }
        List<MessageView> missed = null;
        try {
            missed = queries.after(conversationId, from, limit);
            metrics.gapFilled();
            log.atDebug().addKeyValue("conversationId", conversationId).addKeyValue("after", from)
                    .addKeyValue("count", missed.size()).log("live feed filled a gap from PostgreSQL");
        } catch (RuntimeException failed) {
            log.atWarn().setCause(failed).addKeyValue("conversationId", conversationId)
                    .log("live feed could not read missed messages; will retry");
        }
        synchronized (this) {
            filling = false;
            if (missed != null && missed.stream().noneMatch(view -> view.sequence() > delivered)
                    && delivered == from) {
                // PostgreSQL has nothing after `delivered` although later sequences were announced. Sequences
                // have no holes, so this should not happen; skip ahead rather than retry forever, and let the
                // clients see the jump (they list what they missed).
                log.atWarn().addKeyValue("conversationId", conversationId).addKeyValue("after", from)
                        .addKeyValue("knownMax", knownMax).log("announced messages are not in PostgreSQL; skipping");
                delivered = early.isEmpty() ? knownMax : early.firstKey() - 1;
            }
            if (missed != null) {
                for (MessageView view : missed) {
                    if (view.sequence() > delivered) {
                        early.put(view.sequence(), LiveFrames.messageCreated(view));
                    }
                }
            }
            release();
        }
    }

    /** A frame that may pass only once every message up to {@code barrier} has. */
    private record Waiting(long barrier, ServerFrame frame) {
    }
}
