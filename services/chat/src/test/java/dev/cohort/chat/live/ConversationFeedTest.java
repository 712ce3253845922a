package dev.cohort.chat.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cohort.chat.api.ProtoMapping;
import dev.cohort.chat.app.MessageQueries;
import dev.cohort.chat.app.MessageView;
import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.v1.MessageDeleted;
import dev.cohort.chat.v1.MessageUpdated;
import dev.cohort.chat.v1.ServerFrame;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One conversation's feed with PostgreSQL replaced by a map of stored messages: sequence order whatever the
 * arrival order, holes filled from the store, duplicates dropped, deleted text never passed on.
 */
class ConversationFeedTest {

    final UUID conversation = UUID.randomUUID();
    final Map<Long, MessageView> stored = new ConcurrentHashMap<>();
    final LiveExecutors executors = new LiveExecutors(1, 1);
    final LiveMetrics metrics = new LiveMetrics();
    final ConversationFeed feed = new ConversationFeed(conversation, new StoredMessages(), executors, metrics,
            Duration.ofMillis(50), 100);
    final FakeServerCall call = new FakeServerCall();

    @AfterEach
    void stop() {
        executors.close();
    }

    @Test
    void passesMessagesOnInSequenceOrderWhateverOrderTheyArriveIn() {
        follow(0);
        ServerFrame one = post(1, "one");
        ServerFrame two = post(2, "two");
        ServerFrame three = post(3, "three");

        feed.accept(three);
        feed.accept(one);
        feed.accept(two);
        feed.accept(two);

        await().until(() -> call.written.size() >= 3);
        assertThat(call.written).extracting(LiveFrames::sequenceOf).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aMessageThatNeverArrivesIsReadFromTheStoreAndTheOnesAfterItWait() {
        follow(0);
        post(1, "lost on the way");
        feed.accept(post(2, "two"));

        await().until(() -> call.written.size() >= 2);
        assertThat(call.written).extracting(LiveFrames::sequenceOf).containsExactly(1L, 2L);
        assertThat(metrics.gapFills()).isPositive();
    }

    @Test
    void anEditNeverOvertakesTheMessageItEdits() {
        follow(0);
        ServerFrame one = post(1, "one");
        ServerFrame edited = ServerFrame.newBuilder().setMessageUpdated(MessageUpdated.newBuilder()
                .setMessage(one.getMessageCreated().getMessage().toBuilder().setText("one, edited"))).build();

        feed.accept(edited);
        feed.accept(one);

        await().until(() -> call.written.size() >= 2);
        assertThat(call.written.get(0).hasMessageCreated()).isTrue();
        assertThat(call.written.get(1).hasMessageUpdated()).isTrue();
    }

    @Test
    void aDeletedMessagesTextIsNotPassedOnByFramesThatLostTheRaceWithTheDeletion() {
        follow(0);
        ServerFrame secret = post(1, "secret");
        stored.put(1L, tombstone(stored.get(1L)));
        ServerFrame deleted = ServerFrame.newBuilder().setMessageDeleted(MessageDeleted.newBuilder()
                .setMessage(ProtoMapping.message(stored.get(1L)))).build();
        ServerFrame lateEdit = ServerFrame.newBuilder().setMessageUpdated(MessageUpdated.newBuilder()
                .setMessage(secret.getMessageCreated().getMessage().toBuilder().setText("secret, edited"))).build();

        feed.accept(deleted);
        feed.accept(secret);
        feed.accept(lateEdit);

        await().until(() -> call.written.size() >= 2);
        assertThat(call.written).extracting(ServerFrame::getFrameCase)
                .containsExactly(ServerFrame.FrameCase.MESSAGE_CREATED, ServerFrame.FrameCase.MESSAGE_DELETED);
        assertThat(call.written).allSatisfy(frame -> assertThat(frame.toString()).doesNotContain("secret"));
    }

    @Test
    void aSubscriptionStartsAfterWhatTheFeedAlreadyPassedOn() {
        feed.reserveJoin();
        feed.anchor();
        feed.accept(post(1, "before"));
        Subscription late = new Subscription(stream(), conversation, feed, true);

        long position = feed.add(late, false);
        feed.accept(post(2, "after"));

        assertThat(position).isEqualTo(1);
        await().until(() -> call.written.size() >= 1);
        assertThat(call.written).extracting(LiveFrames::sequenceOf).containsExactly(2L);
    }

    /** Anchors the feed at {@code last} stored messages and adds a live subscription of a fake stream. */
    private void follow(long last) {
        assertThat(stored.keySet()).allMatch(sequence -> sequence <= last);
        feed.reserveJoin();
        feed.anchor();
        feed.add(new Subscription(stream(), conversation, feed, true), false);
    }

    private LiveStream stream() {
        return new LiveStream(Actor.user(UUID.randomUUID()), LiveStream.Kind.SUBSCRIBE, call, SharedFrame::frame,
                new LiveStream.WriterSettings(64, Runnable::run, Status.RESOURCE_EXHAUSTED::asException, metrics),
                new LiveStream.Listener() {
                    @Override
                    public void removedFrom(Subscription subscription) {
                    }

                    @Override
                    public void terminated(LiveStream stream) {
                    }
                });
    }

    /** Stores message {@code sequence} and returns its live frame. */
    private ServerFrame post(long sequence, String text) {
        MessageView view = new MessageView(UUID.randomUUID(), conversation, sequence, UUID.randomUUID(),
                "c" + sequence, text, List.of(), null, 0, List.of(), false, Instant.now(), null, null);
        stored.put(sequence, view);
        return LiveFrames.messageCreated(view);
    }

    private static MessageView tombstone(MessageView view) {
        return new MessageView(view.id(), view.conversationId(), view.sequence(), view.authorId(),
                view.clientMessageId(), null, List.of(), null, 0, List.of(), false, view.createdAt(), null,
                Instant.now());
    }

    /** The store's answers, from {@link #stored}. */
    private final class StoredMessages extends MessageQueries {
        StoredMessages() {
            super(null, null, null, null, null);
        }

        @Override
        public List<MessageView> after(UUID conversationId, long afterSequence, int limit) {
            return stored.values().stream().filter(view -> view.sequence() > afterSequence)
                    .sorted(java.util.Comparator.comparingLong(MessageView::sequence)).limit(limit).toList();
        }

        @Override
        public long lastSequence(UUID conversationId) {
            return stored.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }
}
