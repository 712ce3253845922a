package dev.cohort.chat.live;

import dev.cohort.chat.app.MessageQueries;
import dev.cohort.chat.v1.ServerFrame;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiPredicate;

/**
 * This replica's side of live delivery: the open streams, and one {@link ConversationFeed} per conversation that
 * at least one of them follows. Frames from the fan-out (every replica's, this one's included) come in through
 * {@link #dispatch} and go to the feeds of their conversations; conversations nobody here follows cost nothing.
 */
final class LiveHub {

    private final MessageQueries queries;
    private final BiPredicate<UUID, UUID> blockedBetween;
    private final LiveExecutors executors;
    private final LiveMetrics metrics;
    private final Duration gapFillDelay;
    private final int maxHeldPerConversation;
    private final ConcurrentHashMap<UUID, ConversationFeed> feeds = new ConcurrentHashMap<>();
    private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();

    LiveHub(MessageQueries queries, BiPredicate<UUID, UUID> blockedBetween, LiveExecutors executors, LiveMetrics metrics, Duration gapFillDelay,
            int maxHeldPerConversation) {
        this.queries = queries;
        this.blockedBetween = blockedBetween;
        this.executors = executors;
        this.metrics = metrics;
        this.gapFillDelay = gapFillDelay;
        this.maxHeldPerConversation = maxHeldPerConversation;
    }

    /** A frame from the fan-out, for the followers of its conversations. */
    void dispatch(LiveEnvelope envelope) {
        if (envelope.ephemeral()) {
            dispatchEphemeral(envelope);
            return;
        }
        for (UUID conversationId : envelope.conversationIds()) {
            ConversationFeed feed = feeds.get(conversationId);
            if (feed != null) {
                feed.accept(envelope.frame());
            }
        }
    }

    /**
     * Typing and presence go straight to the streams, once per stream however many of the conversations it
     * follows; a stream never gets the typing of its own user, nor the typing or presence of someone a block
     * keeps apart from its user (ADR 0036; the blocks are in memory, so this costs no round trip). A presence frame
     * goes out on the conversations its person is a member of, and reaches only the streams following one of them
     * as a member (or admin): people who share a conversation with the person (ADR 0024), not every reader of a
     * public channel.
     */
    private void dispatchEphemeral(LiveEnvelope envelope) {
        ServerFrame frame = envelope.frame();
        String typist = LiveFrames.typistOf(frame);
        String subject = typist != null ? typist : LiveFrames.presenceOf(frame);
        UUID subjectId = subject == null ? null : UUID.fromString(subject);
        boolean presence = frame.hasPresenceChanged();
        Set<LiveStream> recipients = new LinkedHashSet<>();
        for (UUID conversationId : envelope.conversationIds()) {
            ConversationFeed feed = feeds.get(conversationId);
            if (feed != null) {
                feed.subscribers().forEach(subscription -> {
                    if (!presence || subscription.seesPresence()) {
                        recipients.add(subscription.stream());
                    }
                });
            }
        }
        SharedFrame shared = SharedFrame.of(frame);
        for (LiveStream stream : recipients) {
            UUID recipient = stream.actor().userId();
            if (typist != null && typist.equals(recipient.toString())) {
                continue;
            }
            if (subjectId != null && blockedBetween.test(subjectId, recipient)) {
                continue;
            }
            stream.writer().offerEphemeral(shared);
        }
    }

    /**
     * The feed of a conversation, started if needed, once it is anchored. The caller must either add a
     * subscription to it ({@link ConversationFeed#add}) or {@link #abandon} it; if it fails to anchor, the join is
     * abandoned here (and the next one starts a new feed).
     */
    CompletableFuture<ConversationFeed> join(UUID conversationId) {
        boolean[] created = new boolean[1];
        ConversationFeed feed = feeds.compute(conversationId, (id, existing) -> {
            ConversationFeed joined = existing;
            if (joined == null) {
                joined = new ConversationFeed(id, queries, executors, metrics, gapFillDelay, maxHeldPerConversation);
                created[0] = true;
            }
            joined.reserveJoin();
            return joined;
        });
        if (created[0]) {
            try {
                executors.worker().execute(feed::anchor);
            } catch (RejectedExecutionException shuttingDown) {
                feed.anchored().completeExceptionally(shuttingDown);
            }
        }
        return feed.anchored().whenComplete((anchored, failed) -> {
            if (failed != null) {
                abandon(feed);
            }
        });
    }

    /** Gives up a {@link #join} that will not add a subscription. */
    void abandon(ConversationFeed feed) {
        feed.abandonJoin();
        retireIfIdle(feed);
    }

    /** Ends a subscription: no more frames for it; its feed stops when nobody here follows the conversation. */
    void leave(Subscription subscription) {
        ConversationFeed feed = subscription.feed();
        feed.remove(subscription);
        subscription.close();
        retireIfIdle(feed);
    }

    private void retireIfIdle(ConversationFeed feed) {
        // Under the map's lock for this key, so a concurrent join either keeps the feed alive or starts a new one.
        feeds.computeIfPresent(feed.conversationId(),
                (id, current) -> current == feed && feed.retireIfIdle() ? null : current);
    }

    void opened(LiveStream stream) {
        streams.add(stream);
    }

    void closed(LiveStream stream) {
        streams.remove(stream);
        stream.detachAll().forEach(this::leave);
    }

    List<LiveStream> streams() {
        return List.copyOf(streams);
    }

    /** After the fan-out reconnected: look for messages published while it was away. */
    void catchUp() {
        for (ConversationFeed feed : feeds.values()) {
            try {
                executors.worker().execute(feed::catchUp);
            } catch (RejectedExecutionException shuttingDown) {
                return;
            }
        }
    }

    int streamCount() {
        return streams.size();
    }

    /** Frames held for clients right now, over all streams of this replica. */
    long queuedFrames() {
        long total = 0;
        for (LiveStream stream : streams) {
            total += stream.writer().held();
        }
        return total;
    }
}
