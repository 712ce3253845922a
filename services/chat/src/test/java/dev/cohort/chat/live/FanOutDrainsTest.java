package dev.cohort.chat.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.chat.v1.ServerFrame;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Stream writes of one fan-out payload go to the writer executor as a few tasks, not one per stream. */
class FanOutDrainsTest {

    private final List<Runnable> executorTasks = new ArrayList<>();
    private final LiveMetrics metrics = new LiveMetrics();

    @Test
    void thePayloadsStreamsAreWrittenByAtMostTheGivenNumberOfTasksOnceItIsDispatched() {
        FanOutDrains drains = new FanOutDrains(executorTasks::add, 2);
        List<FakeServerCall> calls = IntStream.range(0, 5).mapToObj(i -> new FakeServerCall()).toList();
        List<StreamWriter> writers = calls.stream().map(this::writerOf).toList();
        ServerFrame frame = StreamWriterTest.created(1, "hello");
        SharedFrame shared = SharedFrame.of(frame);

        drains.dispatch(() -> {
            writers.forEach(writer -> writer.offer(shared));
            assertThat(executorTasks).as("nothing handed over while the payload is dispatched").isEmpty();
        });

        assertThat(executorTasks).hasSize(2);
        assertThat(calls).allSatisfy(call -> assertThat(call.written).isEmpty());
        executorTasks.forEach(Runnable::run);
        assertThat(calls).allSatisfy(call -> assertThat(call.written).containsExactly(frame));
    }

    @Test
    void outsideADispatchEveryStreamSchedulesItsOwnWrite() {
        StreamWriter writer = writerOf(new FakeServerCall());

        writer.offer(StreamWriterTest.created(1, "one"));

        assertThat(FanOutDrains.defer(() -> { })).isFalse();
        assertThat(executorTasks).hasSize(1);
    }

    @Test
    void aStreamWithSeveralFramesInOnePayloadIsWrittenOnceWithAllOfThem() {
        FanOutDrains drains = new FanOutDrains(executorTasks::add, 4);
        FakeServerCall call = new FakeServerCall();
        StreamWriter writer = writerOf(call);

        drains.dispatch(() -> {
            writer.offer(StreamWriterTest.created(1, "one"));
            writer.offer(StreamWriterTest.created(2, "two"));
        });

        assertThat(executorTasks).hasSize(1);
        executorTasks.get(0).run();
        assertThat(call.written).extracting(LiveFrames::sequenceOf).containsExactly(1L, 2L);
    }

    @Test
    void whenTheWritersAreGoneTheStreamsAreWrittenOnTheDispatchingThread() {
        FanOutDrains drains = new FanOutDrains(task -> {
            throw new RejectedExecutionException("stopping");
        }, 2);
        FakeServerCall call = new FakeServerCall();
        StreamWriter writer = writerOf(call);

        drains.dispatch(() -> writer.offer(StreamWriterTest.created(1, "one")));

        assertThat(call.written).hasSize(1);
    }

    @Test
    void aPayloadNeedsAtLeastOneTask() {
        assertThatThrownBy(() -> new FanOutDrains(Runnable::run, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private StreamWriter writerOf(FakeServerCall call) {
        StreamWriter writer = new StreamWriter(call, SharedFrame::frame, 8, executorTasks::add,
                () -> Status.RESOURCE_EXHAUSTED.asException(), metrics, () -> { });
        writer.attach();
        return writer;
    }
}
