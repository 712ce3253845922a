package dev.cohort.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import build.buf.protovalidate.ValidatorFactory;
import dev.cohort.chat.app.SendRateLimit;
import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.CommandAck;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.PingCommand;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.grpc.server.ValidationInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One Connect stream's commands on their own: how many it takes at once (inbound flow control), the order of the
 * answers when commands finish out of order, and the end of the stream after the client's half-close.
 */
class ConnectSessionTest {

    static final int IN_FLIGHT = 3;

    final FakeServerCall call = new FakeServerCall();
    final LiveExecutors executors = new LiveExecutors(1, 1);
    final StatusMapper statusMapper = new StatusMapper("chat.cohort.dev");
    final List<CompletableFuture<ServerFrame>> running = new ArrayList<>();
    final LiveStream stream = new LiveStream(new Actor(UUID.randomUUID(), false, false), LiveStream.Kind.CONNECT, call,
            SharedFrame::frame, new LiveStream.WriterSettings(64, Runnable::run,
                    () -> Status.RESOURCE_EXHAUSTED.asException(), new LiveMetrics()), new NoListener());
    final ConnectSession session = new ConnectSession(stream, call, (on, frame) -> {
        CompletableFuture<ServerFrame> answer = new CompletableFuture<>();
        running.add(answer);
        return answer;
    }, new ValidationInterceptor(ValidatorFactory.newBuilder().build(), statusMapper), new Failures(statusMapper),
            new SendRateLimit(1000, 1000, System::nanoTime), executors, Duration.ofMinutes(1), IN_FLIGHT);

    {
        stream.writer().attach();
    }

    @AfterEach
    void stopExecutors() {
        executors.close();
    }

    @Test
    void takesNoMoreThanItsLimitOfUnansweredCommandsAndReadsOnWhenOneIsAnswered() {
        session.begin();
        assertThat(call.requested).hasValue(1);
        for (int i = 0; i < IN_FLIGHT; i++) {
            session.onNext(ping("c" + i));
        }
        assertThat(running).hasSize(IN_FLIGHT);
        assertThat(call.requested).as("one frame requested per command taken, none beyond the limit")
                .hasValue(IN_FLIGHT);

        running.get(0).complete(ack("c0"));

        assertThat(call.requested).hasValue(IN_FLIGHT + 1);
        assertThat(call.written).extracting(frame -> frame.getAck().getCorrelationId()).containsExactly("c0");
    }

    @Test
    void answersGoOutInCommandOrderWhateverOrderTheCommandsFinishIn() {
        session.begin();
        session.onNext(ping("first"));
        session.onNext(ping("second"));
        session.onNext(ping("third"));

        running.get(2).complete(ack("third"));
        running.get(1).complete(ack("second"));
        assertThat(call.written).as("nothing overtakes the first command's answer").isEmpty();

        running.get(0).complete(ack("first"));

        assertThat(call.written).extracting(frame -> frame.getAck().getCorrelationId())
                .containsExactly("first", "second", "third");
    }

    @Test
    void aCommandThatFailsIsAnsweredWithAnErrorInItsPlace() {
        session.begin();
        session.onNext(ping("fails"));
        session.onNext(ping("works"));

        running.get(1).complete(ack("works"));
        running.get(0).completeExceptionally(new IllegalStateException("boom"));

        assertThat(call.written).extracting(frame -> frame.hasError() ? "error " + frame.getError().getCorrelationId()
                : "ack " + frame.getAck().getCorrelationId()).containsExactly("error fails", "ack works");
        assertThat(call.closedWith).isNull();
    }

    @Test
    void aHalfClosedStreamEndsOnceTheLastCommandIsAnswered() {
        session.begin();
        session.onNext(ping("last"));
        session.onCompleted();
        assertThat(call.closedWith).isNull();

        running.get(0).complete(ack("last"));

        assertThat(call.written).hasSize(1);
        assertThat(call.closedWith).isEqualTo(Status.OK);
    }

    @Test
    void theIdleCheckOfAnEndedStreamLeavesTheTimerSoItNoLongerHoldsTheStream() {
        session.begin();
        BlockingQueue<Runnable> timerQueue = ((ScheduledThreadPoolExecutor) executors.timer()).getQueue();
        assertThat(timerQueue).as("the idle check waits in the timer").hasSize(1);

        // The client goes away; the service's listener then cancels the stream's timers (LiveService).
        call.cancelByClient();
        stream.cancelTimers();

        assertThat(timerQueue).as("nothing in the timer references the ended stream").isEmpty();
    }

    private static ConnectRequest ping(String correlationId) {
        return ConnectRequest.newBuilder().setFrame(ClientFrame.newBuilder().setCorrelationId(correlationId)
                .setPing(PingCommand.getDefaultInstance())).build();
    }

    private static ServerFrame ack(String correlationId) {
        return ServerFrame.newBuilder().setAck(CommandAck.newBuilder().setCorrelationId(correlationId)).build();
    }

    private static final class NoListener implements LiveStream.Listener {
        @Override
        public void removedFrom(Subscription subscription) {
        }

        @Override
        public void terminated(LiveStream stream) {
        }
    }
}
