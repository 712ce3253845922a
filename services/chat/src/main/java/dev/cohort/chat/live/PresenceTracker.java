package dev.cohort.chat.live;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import dev.cohort.chat.app.ConversationAccess;
import dev.cohort.chat.v1.Presence;
import dev.cohort.chat.v1.PresenceChanged;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RBatch;
import org.redisson.api.RBucketAsync;
import org.redisson.api.RScoredSortedSetAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online, in Redis, across replicas: a user is online while at least one of their streams is open on any
 * replica. Each user has a sorted set {@code chat:presence:<user>} of their open stream ids, scored by when each
 * lapses (now + TTL); the replica serving a stream renews it every {@code presenceRefresh}, and the key itself
 * expires with the TTL, so the streams of a replica that died vanish within a TTL without anyone cleaning up.
 * {@code chat:last-seen:<user>} keeps when they were last seen, for a while after.
 *
 * <p>The same set caps a user's streams over all replicas (TOO_MANY_STREAMS). A user's first stream announces
 * them online, the close of their last one offline, to the members of their conversations; GetPresence reads the
 * sets and is the authority (a replica that dies announces nothing).
 */
final class PresenceTracker {

    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

    private final RedissonClient redisson;
    private final ConversationAccess access;
    private final RedisFanOut fanOut;
    private final Clock clock;
    private final Duration ttl;
    private final Duration lastSeenRetention;
    private final int maxStreamsPerUser;

    PresenceTracker(RedissonClient redisson, ConversationAccess access, RedisFanOut fanOut, Clock clock,
                    LiveProperties properties) {
        this.redisson = redisson;
        this.access = access;
        this.fanOut = fanOut;
        this.clock = clock;
        this.ttl = properties.presenceTtl();
        this.lastSeenRetention = properties.lastSeenRetention();
        this.maxStreamsPerUser = properties.maxStreamsPerUser();
    }

    /** Counts an opening stream towards its user's presence; throws RESOURCE_EXHAUSTED if they have too many. */
    void join(LiveStream stream) {
        UUID user = stream.actor().userId();
        Instant now = clock.instant();
        RBatch batch = redisson.createBatch();
        RScoredSortedSetAsync<String> streams = streamsOf(batch, user);
        streams.removeRangeByScoreAsync(Double.NEGATIVE_INFINITY, true, now.toEpochMilli(), true);
        CompletionStage<Integer> before = streams.sizeAsync();
        streams.addAsync(now.plus(ttl).toEpochMilli(), stream.id().toString());
        streams.expireAsync(ttl);
        CompletionStage<Integer> after = streams.sizeAsync();
        lastSeenOf(batch, user).setAsync(now.toEpochMilli(), lastSeenRetention);
        batch.execute();
        if (result(after) > maxStreamsPerUser) {
            redisson.getScoredSortedSet(streamsKey(user), StringCodec.INSTANCE).remove(stream.id().toString());
            throw new ResourceExhaustedException("TOO_MANY_STREAMS",
                    "At most " + maxStreamsPerUser + " live streams per user; close one first.");
        }
        if (result(before) == 0) {
            announce(user, true, now);
        }
    }

    /** An ended stream no longer keeps its user online; the last one announces them offline. */
    void leave(LiveStream stream) {
        UUID user = stream.actor().userId();
        Instant now = clock.instant();
        RBatch batch = redisson.createBatch();
        RScoredSortedSetAsync<String> streams = streamsOf(batch, user);
        streams.removeAsync(stream.id().toString());
        streams.removeRangeByScoreAsync(Double.NEGATIVE_INFINITY, true, now.toEpochMilli(), true);
        CompletionStage<Integer> left = streams.sizeAsync();
        lastSeenOf(batch, user).setAsync(now.toEpochMilli(), lastSeenRetention);
        batch.execute();
        if (result(left) == 0) {
            announce(user, false, now);
        }
    }

    /** Renews the streams this replica serves, in one round trip. */
    void refresh(Collection<LiveStream> open) {
        if (open.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long lapse = now.plus(ttl).toEpochMilli();
        RBatch batch = redisson.createBatch();
        Map<UUID, RScoredSortedSetAsync<String>> byUser = new LinkedHashMap<>();
        for (LiveStream stream : open) {
            UUID user = stream.actor().userId();
            byUser.computeIfAbsent(user, id -> streamsOf(batch, id)).addAsync(lapse, stream.id().toString());
        }
        byUser.forEach((user, streams) -> {
            streams.expireAsync(ttl);
            lastSeenOf(batch, user).setAsync(now.toEpochMilli(), lastSeenRetention);
        });
        batch.execute();
    }

    /**
     * The presence of each user, in the order asked; users not in {@code visible} answer as unknown users do
     * (offline, never seen). All are read alike, so the answer's timing does not tell them apart either.
     */
    List<Presence> lookup(List<UUID> users, Set<UUID> visible) {
        Instant now = clock.instant();
        RBatch batch = redisson.createBatch();
        List<CompletionStage<Integer>> online = new ArrayList<>(users.size());
        List<CompletionStage<Long>> lastSeen = new ArrayList<>(users.size());
        for (UUID user : users) {
            online.add(streamsOf(batch, user).countAsync(now.toEpochMilli(), false, Double.POSITIVE_INFINITY, true));
            lastSeen.add(lastSeenOf(batch, user).getAsync());
        }
        batch.execute();
        List<Presence> presences = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            boolean shown = visible.contains(users.get(i));
            boolean isOnline = shown && result(online.get(i)) > 0;
            Long seen = shown ? result(lastSeen.get(i)) : null;
            presences.add(presence(users.get(i), isOnline, isOnline ? now : seen == null ? null
                    : Instant.ofEpochMilli(seen)));
        }
        return presences;
    }

    private void announce(UUID user, boolean online, Instant at) {
        List<UUID> conversations = access.conversationIdsOf(user);
        if (conversations.isEmpty()) {
            return;
        }
        ServerFrame frame = ServerFrame.newBuilder()
                .setPresenceChanged(PresenceChanged.newBuilder().setPresence(presence(user, online, at))).build();
        fanOut.publish(new LiveEnvelope(conversations, frame));
        log.atDebug().addKeyValue("userId", user).addKeyValue("online", online)
                .addKeyValue("conversations", conversations.size()).log("presence changed");
    }

    private static Presence presence(UUID user, boolean online, Instant lastSeen) {
        Presence.Builder presence = Presence.newBuilder().setUserId(user.toString()).setOnline(online);
        if (lastSeen != null) {
            presence.setLastSeenTime(timestamp(lastSeen));
        }
        return presence.build();
    }

    private static RScoredSortedSetAsync<String> streamsOf(RBatch batch, UUID user) {
        return batch.getScoredSortedSet(streamsKey(user), StringCodec.INSTANCE);
    }

    private static RBucketAsync<Long> lastSeenOf(RBatch batch, UUID user) {
        return batch.getBucket("chat:last-seen:" + user, LongCodec.INSTANCE);
    }

    static String streamsKey(UUID user) {
        // The layout other services read (notification), written down once in libs/redis.
        return dev.cohort.redis.ChatPresence.streamsKey(user);
    }

    private static <T> T result(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
