package dev.cohort.chat.live;

import dev.cohort.chat.app.SendRateLimit;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.server.ValidationInterceptor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one Connect stream: its commands, up to {@code maxInFlight} at a time. The stream reads the
 * next client frame only while fewer commands than that are unanswered (manual inbound flow control:
 * {@code request(1)} per frame), so a client can never queue up more work or memory on the server than that, yet
 * a native client may pipeline its sends instead of waiting a round trip for each ack. Answers go out in command
 * order, whatever order the commands finish in: a client may match them by position as well as by correlation
 * id, and its sends to one conversation are numbered in the order it sent them (they reach the writer in order).
 *
 * <p>Every command gets an ack or a CommandError with its correlation id; nothing a command does wrong ends the
 * stream. Frames beyond the stream's rate are answered RESOURCE_EXHAUSTED (RATE_LIMITED) without running. A
 * stream that sends no frame for the idle timeout is closed with DEADLINE_EXCEEDED (clients ping meanwhile).
 */
final class ConnectSession implements StreamObserver<ConnectRequest> {

    private static final Logger log = LoggerFactory.getLogger(ConnectSession.class);

    /** What runs a validated command ({@link StreamCommands}); the future completes with its ack. */
    @FunctionalInterface
    interface Commands {
        CompletableFuture<ServerFrame> run(LiveStream stream, ClientFrame frame);
    }

    private final LiveStream stream;
    private final ServerCallStreamObserver<?> call;
    private final Commands commands;
    private final ValidationInterceptor validation;
    private final Failures failures;
    private final SendRateLimit frameRate;
    private final LiveExecutors executors;
    private final long idleNanos;
    private final int maxInFlight;
    private volatile long lastActivity = System.nanoTime();

    // Guarded by this.
    /** The answers of the unanswered commands, in command order (the head goes out first). */
    private final ArrayDeque<CompletableFuture<ServerFrame>> unanswered = new ArrayDeque<>();
    /** A client frame has been requested and not yet received. */
    private boolean requested;
    private boolean halfClosed;

    ConnectSession(LiveStream stream, ServerCallStreamObserver<?> call, Commands commands,
                   ValidationInterceptor validation, Failures failures, SendRateLimit frameRate,
                   LiveExecutors executors, Duration idleTimeout, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("a Connect stream must take at least one command at a time");
        }
        this.stream = stream;
        this.call = call;
        this.commands = commands;
        this.validation = validation;
        this.failures = failures;
        this.frameRate = frameRate;
        this.executors = executors;
        this.idleNanos = idleTimeout.toNanos();
        this.maxInFlight = maxInFlight;
    }

    /** The stream is accepted: start the idle clock and read the first frame. */
    void begin() {
        touch();
        scheduleIdleCheck(idleNanos);
        requestNext();
    }

    @Override
    public void onNext(ConnectRequest request) {
        touch();
        CompletableFuture<ServerFrame> answer = run(request);
        synchronized (this) {
            requested = false;
            unanswered.add(answer);
        }
        // Read on while there is room: the next frame is requested before this command is answered.
        requestNext();
        answer.whenComplete((frame, impossible) -> sendAnswers());
    }

    /** Runs one command; the future completes with its ack or CommandError, never exceptionally. */
    private CompletableFuture<ServerFrame> run(ConnectRequest request) {
        ClientFrame frame = request.getFrame();
        String correlationId = frame.getCorrelationId();
        try {
            frameRate.acquire(stream.id());
        } catch (ResourceExhaustedException limited) {
            return CompletableFuture.completedFuture(failures.commandError(correlationId, limited));
        }
        // Validated like a unary request (field paths from the message the client sent: frame.send_message.text).
        List<FieldViolation> violations = request.hasFrame() ? validation.violationsOf(request)
                : List.of(new FieldViolation("frame", "a frame is required"));
        if (!violations.isEmpty()) {
            return CompletableFuture.completedFuture(failures.invalidCommand(correlationId, violations));
        }
        CompletableFuture<ServerFrame> result;
        try {
            result = commands.run(stream, frame);
        } catch (RuntimeException refused) {
            // Some use cases refuse before they go asynchronous (a send's rate limit, mentions outside the text).
            result = CompletableFuture.failedFuture(refused);
        }
        return result.handle((ack, failure) -> {
            if (failure == null) {
                return ack;
            }
            log.atDebug().addKeyValue("streamId", stream.id()).addKeyValue("command", frame.getCommandCase())
                    .addKeyValue("error", failure.toString()).log("stream command refused");
            return failures.commandError(correlationId, failure);
        });
    }

    /** Passes on the answers that are due (every finished one at the head), then reads on or ends the stream. */
    private void sendAnswers() {
        boolean finish;
        synchronized (this) {
            // Under the lock, so that two finishing commands cannot put their answers out of order.
            List<ServerFrame> due = new ArrayList<>(2);
            while (!unanswered.isEmpty() && unanswered.peek().isDone()) {
                due.add(unanswered.poll().join());
            }
            if (!due.isEmpty()) {
                touch();
                stream.writer().offerAnswers(due);
            }
            finish = halfClosed && unanswered.isEmpty();
        }
        if (finish) {
            stream.writer().finish(null);
        } else {
            requestNext();
        }
    }

    /** Requests one more client frame if none is requested, there is room, and the stream is still open. */
    private void requestNext() {
        synchronized (this) {
            if (requested || halfClosed || unanswered.size() >= maxInFlight || !stream.open()) {
                return;
            }
            requested = true;
        }
        call.request(1);
    }

    /** The client cancelled or the transport broke; the stream's cancel handler cleans up. */
    @Override
    public void onError(Throwable cause) {
        log.atDebug().addKeyValue("streamId", stream.id()).addKeyValue("cause", cause.toString())
                .log("connect stream ended by the client");
    }

    /** The client is done sending: end the stream once the commands in progress are answered. */
    @Override
    public void onCompleted() {
        synchronized (this) {
            halfClosed = true;
            if (!unanswered.isEmpty()) {
                return;
            }
        }
        stream.writer().finish(null);
    }

    private void touch() {
        lastActivity = System.nanoTime();
    }

    private void scheduleIdleCheck(long delayNanos) {
        try {
            stream.replaceIdleCheck(executors.timer().schedule(this::checkIdle, Math.max(delayNanos, 1),
                    TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException shuttingDown) {
            // The application is stopping; the stream is being told to reconnect.
        }
    }

    private void checkIdle() {
        if (!stream.open()) {
            return;
        }
        boolean working;
        synchronized (this) {
            working = !unanswered.isEmpty();
        }
        long idle = System.nanoTime() - lastActivity;
        if (!working && idle >= idleNanos) {
            log.atInfo().addKeyValue("streamId", stream.id()).addKeyValue("userId", stream.actor().userId())
                    .log("closing idle connect stream");
            stream.writer().fail(Status.DEADLINE_EXCEEDED
                    .withDescription("No frame from the client for " + Duration.ofNanos(idleNanos)
                            + "; send pings to keep the stream open.")
                    .asException());
            return;
        }
        scheduleIdleCheck(working ? idleNanos : idleNanos - idle);
    }
}
