package dev.cohort.chat.live;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import dev.cohort.chat.app.ConversationAccess;
import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.TypingChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

/**
 * Who is typing where: {@code chat:typing:<conversation>:<user>} holds, until it lapses (the typing TTL), the
 * expiry last announced to the conversation. A client repeats "typing" every few seconds while the user types;
 * only a renewal that finds the announced expiry less than half a TTL away is announced again, so a busy
 * typist costs the conversation a frame every half TTL, not one per keystroke. "Stopped" is announced only if
 * an indication was live.
 */
final class TypingTracker {

    private final RedissonClient redisson;
    private final ConversationAccess access;
    private final RedisFanOut fanOut;
    private final Clock clock;
    private final Duration ttl;

    TypingTracker(RedissonClient redisson, ConversationAccess access, RedisFanOut fanOut, Clock clock,
                  Duration ttl) {
        this.redisson = redisson;
        this.access = access;
        this.fanOut = fanOut;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** {@code actor} is typing (or stopped) in the conversation; members only. */
    void update(Actor actor, UUID conversationId, boolean typing) {
        access.requireMember(actor, conversationId);
        RBucket<Long> announced = redisson.getBucket(
                "chat:typing:" + conversationId + ":" + actor.userId(), LongCodec.INSTANCE);
        Instant now = clock.instant();
        if (!typing) {
            if (announced.getAndDelete() != null) {
                publish(conversationId, actor.userId(), null);
            }
            return;
        }
        Long expiry = announced.get();
        if (expiry != null && expiry - now.toEpochMilli() > ttl.toMillis() / 2) {
            return;
        }
        Instant lapse = now.plus(ttl);
        announced.set(lapse.toEpochMilli(), ttl);
        publish(conversationId, actor.userId(), lapse);
    }

    private void publish(UUID conversationId, UUID userId, Instant lapse) {
        TypingChanged.Builder typing = TypingChanged.newBuilder()
                .setConversationId(conversationId.toString())
                .setUserId(userId.toString())
                .setTyping(lapse != null);
        if (lapse != null) {
            typing.setExpireTime(timestamp(lapse));
        }
        fanOut.publish(LiveEnvelope.of(conversationId, ServerFrame.newBuilder().setTypingChanged(typing).build()));
    }
}
