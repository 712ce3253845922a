package dev.cohort.chat.live;

import dev.cohort.chat.app.ConversationAccess;
import dev.cohort.chat.app.MessageQueries;
import dev.cohort.chat.app.MessageView;
import dev.cohort.chat.v1.ConversationSubscription;
import dev.cohort.chat.v1.SubscriptionState;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a stream's subscriptions: checks that the caller may read every conversation asked for (all or none),
 * then, one conversation after the other, joins its feed, replays what the client missed and switches to live.
 *
 * <p>Exactly the missed messages, in order: the subscription joins the feed <em>before</em> the replay reads
 * PostgreSQL, holding back the live frames meanwhile; the replay reads until it has caught up with the newest
 * message, which is at least as new as anything the feed passed on before the join; then the held-back frames
 * are passed on except those already replayed. Nothing committed in between can fall through: it is either in
 * the replay's reads or among the held-back frames (or both, and then skipped once).
 *
 * <p>Replay goes through the stream's bounded queue page by page, each page read only when it fits, so a replay
 * proceeds at the client's pace and never holds more than the budget. More than {@code replayLimit} missed
 * messages are not replayed: the client gets ReplayTruncated and lists them itself.
 */
final class SubscriptionStarter {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionStarter.class);

    private final LiveHub hub;
    private final ConversationAccess access;
    private final MessageQueries queries;
    private final LiveExecutors executors;
    private final int replayLimit;
    private final int replayPage;
    private final int maxSubscriptions;

    SubscriptionStarter(LiveHub hub, ConversationAccess access, MessageQueries queries, LiveExecutors executors,
                        LiveProperties properties) {
        this.hub = hub;
        this.access = access;
        this.queries = queries;
        this.executors = executors;
        this.replayLimit = properties.replayLimit();
        this.replayPage = properties.effectiveReplayPage();
        this.maxSubscriptions = properties.maxSubscriptionsPerStream();
    }

    /**
     * Follows the conversations on {@code stream}. Fails without following any if one of them is not readable
     * or the stream would follow too many. Completes with where each subscription started.
     */
    CompletableFuture<List<SubscriptionState>> startAll(LiveStream stream, List<ConversationSubscription> asked) {
        Map<UUID, ConversationSubscription> wanted = new LinkedHashMap<>();
        for (ConversationSubscription subscription : asked) {
            wanted.put(UUID.fromString(subscription.getConversationId()), subscription);
        }
        return CompletableFuture.supplyAsync(() -> {
            long added = wanted.keySet().stream().filter(id -> !stream.follows(id)).count();
            if (stream.subscriptionCount() + added > maxSubscriptions) {
                throw new ResourceExhaustedException("TOO_MANY_SUBSCRIPTIONS",
                        "A stream follows at most " + maxSubscriptions + " conversations.");
            }
            Map<UUID, Boolean> seesPresence = new LinkedHashMap<>();
            wanted.keySet().forEach(id -> seesPresence.put(id, access.readableSeeingPresence(stream.actor(), id)));
            return seesPresence;
        }, executors.worker()).thenCompose(checked -> {
            CompletableFuture<List<SubscriptionState>> chain = CompletableFuture.completedFuture(new ArrayList<>());
            for (Map.Entry<UUID, Boolean> entry : checked.entrySet()) {
                ConversationSubscription subscription = wanted.get(entry.getKey());
                Long resumeAfter = subscription.hasResumeAfterSequence()
                        ? subscription.getResumeAfterSequence() : null;
                chain = chain.thenCompose(states -> start(stream, entry.getKey(), resumeAfter, entry.getValue())
                        .thenApply(last -> {
                            states.add(SubscriptionState.newBuilder()
                                    .setConversationId(entry.getKey().toString()).setLastSequence(last).build());
                            return states;
                        }));
            }
            return chain;
        });
    }

    /**
     * One conversation: join its feed, replay after {@code resumeAfter} (null: live only), go live. Presence of its
     * members reaches the stream only if {@code seesPresence} (see {@link ConversationAccess#readableSeeingPresence}).
     */
    private CompletableFuture<Long> start(LiveStream stream, UUID conversationId, Long resumeAfter,
                                          boolean seesPresence) {
        return hub.join(conversationId).thenComposeAsync(feed -> {
            Subscription subscription = new Subscription(stream, conversationId, feed, seesPresence);
            long position = feed.add(subscription, resumeAfter != null);
            Subscription replaced = stream.attach(subscription);
            if (replaced != null) {
                hub.leave(replaced);
            }
            if (!stream.open()) {
                // Closed while joining: its cleanup may have run before the attach.
                stream.detach(subscription);
                hub.leave(subscription);
                throw new CancellationException("stream closed");
            }
            if (resumeAfter == null) {
                return CompletableFuture.completedFuture(position);
            }
            return new Replay(stream, subscription, resumeAfter).run();
        }, executors.worker());
    }

    /** The paged catch-up of one subscription from PostgreSQL. */
    private final class Replay {
        private final LiveStream stream;
        private final Subscription subscription;
        private final long resumeAfter;
        private long cursor;
        private int replayed;

        Replay(LiveStream stream, Subscription subscription, long resumeAfter) {
            this.stream = stream;
            this.subscription = subscription;
            this.resumeAfter = resumeAfter;
        }

        CompletableFuture<Long> run() {
            // A client claiming more than exists gets what exists: its position is the newest message.
            cursor = Math.min(resumeAfter, queries.lastSequence(subscription.conversationId()));
            return nextPage();
        }

        private CompletableFuture<Long> nextPage() {
            int size = Math.min(replayPage, replayLimit - replayed);
            return stream.writer().whenRoomFor(size).thenComposeAsync(room -> {
                List<MessageView> page = queries.after(subscription.conversationId(), cursor, size);
                for (MessageView message : page) {
                    if (!stream.writer().offer(LiveFrames.messageCreated(message))) {
                        throw new CancellationException("stream closed during replay");
                    }
                    cursor = message.sequence();
                }
                replayed += page.size();
                if (page.size() < size) {
                    return CompletableFuture.completedFuture(goLive());
                }
                if (replayed >= replayLimit) {
                    return CompletableFuture.completedFuture(truncate());
                }
                return nextPage();
            }, executors.worker());
        }

        /** The replay limit is reached: the client lists the rest; live frames continue after the newest. */
        private long truncate() {
            long newest = queries.lastSequence(subscription.conversationId());
            if (newest > cursor) {
                log.atInfo().addKeyValue("conversationId", subscription.conversationId())
                        .addKeyValue("streamId", stream.id()).addKeyValue("firstMissing", cursor + 1)
                        .addKeyValue("lastSequence", newest).log("replay truncated");
                if (!stream.writer().offer(LiveFrames.replayTruncated(subscription.conversationId(), cursor + 1,
                        newest))) {
                    throw new CancellationException("stream closed during replay");
                }
                cursor = newest;
            }
            return goLive();
        }

        private long goLive() {
            return subscription.goLive(cursor);
        }
    }
}
