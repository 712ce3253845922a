package dev.cohort.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.MessageDeleted;
import dev.cohort.chat.v1.ServerFrame;
import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-stream writer on its own: flow control, the frame budget, shedding and redaction. */
class StreamWriterTest {

    final FakeServerCall call = new FakeServerCall();
    final LiveMetrics metrics = new LiveMetrics();
    final AtomicInteger terminated = new AtomicInteger();
    final StreamWriter writer = new StreamWriter(call, SharedFrame::frame, 4, Runnable::run,
            () -> Status.RESOURCE_EXHAUSTED.withDescription("slow").asException(), metrics,
            terminated::incrementAndGet);

    {
        writer.attach();
    }

    @Test
    void writesOnlyWhileTheTransportIsReadyAndResumesWhenItIsReadyAgain() {
        call.ready(false);
        writer.offer(created(1, "one"));
        writer.offer(created(2, "two"));
        assertThat(call.written).isEmpty();
        assertThat(writer.held()).isEqualTo(2);

        call.ready(true);

        assertThat(call.written).extracting(LiveFrames::sequenceOf).containsExactly(1L, 2L);
        assertThat(writer.held()).isZero();
    }

    @Test
    void answersAreWrittenOnTheAnsweringThreadUnlessOtherFramesWaitForTheStream() {
        List<Runnable> executorTasks = new ArrayList<>();
        FakeServerCall ownCall = new FakeServerCall();
        StreamWriter answering = new StreamWriter(ownCall, SharedFrame::frame, 8, executorTasks::add,
                () -> Status.RESOURCE_EXHAUSTED.asException(), metrics, () -> { });
        answering.attach();

        answering.offerAnswers(List.of(created(1, "one"), created(2, "two")));
        assertThat(ownCall.written).extracting(LiveFrames::sequenceOf).containsExactly(1L, 2L);
        assertThat(executorTasks).as("no executor task for answers alone").isEmpty();

        answering.offer(created(3, "three"));
        answering.offerAnswers(List.of(created(4, "four")));
        assertThat(ownCall.written).as("behind a queued frame, nothing written on this thread").hasSize(2);
        assertThat(executorTasks).hasSize(1);
        executorTasks.remove(0).run();
        assertThat(ownCall.written).extracting(LiveFrames::sequenceOf).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void answersRespectTheBudgetAndFlowControl() {
        call.ready(false);
        assertThat(writer.offerAnswers(List.of(created(1, "one"), created(2, "two")))).isTrue();
        assertThat(call.written).as("not ready: queued, not written").isEmpty();
        assertThat(writer.offerAnswers(List.of(created(3, "three"), created(4, "four"), created(5, "five"))))
                .isFalse();

        call.ready(true);
        assertThat(call.closedWith.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void aClientThatLetsItsBudgetFillUpIsCutOffAndItsQueueDropped() {
        call.ready(false);
        for (int i = 1; i <= 4; i++) {
            assertThat(writer.offer(created(i, "m" + i))).isTrue();
        }

        assertThat(writer.offer(created(5, "m5"))).isFalse();

        assertThat(call.closedWith.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(call.written).isEmpty();
        assertThat(writer.held()).isZero();
        assertThat(writer.peak()).isEqualTo(4);
        assertThat(metrics.slowConsumers()).isEqualTo(1);
        assertThat(terminated).hasValue(1);
        assertThat(writer.offer(created(6, "m6"))).isFalse();
    }

    @Test
    void framesHeldBackForTheStreamCountTowardsItsBudget() {
        call.ready(false);
        assertThat(writer.reserve()).isTrue();
        assertThat(writer.reserve()).isTrue();
        writer.offer(created(1, "one"));
        writer.offer(created(2, "two"));

        assertThat(writer.reserve()).isFalse();

        assertThat(call.closedWith.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void typingAndPresenceAreShedOnceHalfTheBudgetIsUsedWithoutCuttingTheClientOff() {
        call.ready(false);
        writer.offer(created(1, "one"));
        writer.offer(created(2, "two"));

        writer.offerEphemeral(LiveFrames.heartbeat(Instant.now()));

        assertThat(writer.held()).isEqualTo(2);
        assertThat(call.closedWith).isNull();
    }

    @Test
    void aDeletionTakesTheTextOutOfFramesStillWaitingForTheClient() {
        call.ready(false);
        ServerFrame secret = created(1, "secret");
        writer.offer(secret);
        Message tombstone = secret.getMessageCreated().getMessage().toBuilder().clearText().setDeleted(true).build();

        writer.offer(ServerFrame.newBuilder().setMessageDeleted(MessageDeleted.newBuilder().setMessage(tombstone))
                .build());
        call.ready(true);

        assertThat(call.written).hasSize(2).allSatisfy(frame -> {
            assertThat(LiveFrames.messageOf(frame).getDeleted()).isTrue();
            assertThat(frame.toString()).doesNotContain("secret");
        });
    }

    @Test
    void finishingWritesEverythingQueuedThenTheLastFrameThenCompletes() {
        call.ready(false);
        writer.offer(created(1, "one"));

        writer.finish(LiveFrames.reconnect("bye"));

        assertThat(call.written).hasSize(2);
        assertThat(call.written.get(1).hasReconnect()).isTrue();
        assertThat(call.closedWith).isEqualTo(Status.OK);
        assertThat(terminated).hasValue(1);
    }

    @Test
    void aReplayPageWaitsUntilItFitsTheBudget() {
        call.ready(false);
        writer.offer(created(1, "one"));
        writer.offer(created(2, "two"));
        writer.offer(created(3, "three"));

        CompletableFuture<Void> room = writer.whenRoomFor(2);
        assertThat(room).isNotDone();

        call.ready(true);
        assertThat(room).isCompleted();
    }

    @Test
    void aClientThatHangsUpEndsTheStreamOnce() {
        call.ready(false);
        writer.offer(created(1, "one"));

        call.cancelByClient();

        assertThat(writer.held()).isZero();
        assertThat(writer.open()).isFalse();
        assertThat(terminated).hasValue(1);
    }

    static ServerFrame created(long sequence, String text) {
        return LiveFrames.messageCreated(Message.newBuilder().setMessageId(UUID.nameUUIDFromBytes(
                        ("m" + sequence).getBytes()).toString())
                .setSequence(sequence).setText(text).build());
    }
}
