package dev.cohort.chat.live;

import dev.cohort.chat.app.SendRateLimit;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.server.ValidationInterceptor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one Connect stream: its commands, one at a time. The stream reads the next client frame only
 * when the previous command is answered (manual inbound flow control: {@code request(1)} per frame), so a client
 * can never queue up work or memory on the server, and acks come in command order.
 *
 * <p>Every command gets an ack or a CommandError with its correlation id; nothing a command does wrong ends the
 * stream. Frames beyond the stream's rate are answered RESOURCE_EXHAUSTED (RATE_LIMITED) without running. A
 * stream that sends no frame for the idle timeout is closed with DEADLINE_EXCEEDED (clients ping meanwhile).
 */
final class ConnectSession implements StreamObserver<ConnectRequest> {

    private static final Logger log = LoggerFactory.getLogger(ConnectSession.class);

    private final LiveStream stream;
    private final ServerCallStreamObserver<ConnectResponse> call;
    private final StreamCommands commands;
    private final ValidationInterceptor validation;
    private final Failures failures;
    private final SendRateLimit frameRate;
    private final LiveExecutors executors;
    private final long idleNanos;
    private volatile long lastActivity = System.nanoTime();

    // Guarded by this.
    private boolean busy;
    private boolean halfClosed;

    ConnectSession(LiveStream stream, ServerCallStreamObserver<ConnectResponse> call, StreamCommands commands,
                   ValidationInterceptor validation, Failures failures, SendRateLimit frameRate,
                   LiveExecutors executors, Duration idleTimeout) {
        this.stream = stream;
        this.call = call;
        this.commands = commands;
        this.validation = validation;
        this.failures = failures;
        this.frameRate = frameRate;
        this.executors = executors;
        this.idleNanos = idleTimeout.toNanos();
    }

    /** The stream is accepted: start the idle clock and read the first frame. */
    void begin() {
        touch();
        scheduleIdleCheck(idleNanos);
        call.request(1);
    }

    @Override
    public void onNext(ConnectRequest request) {
        touch();
        ClientFrame frame = request.getFrame();
        String correlationId = frame.getCorrelationId();
        try {
            frameRate.acquire(stream.id());
        } catch (ResourceExhaustedException limited) {
            answered(failures.commandError(correlationId, limited));
            return;
        }
        // Validated like a unary request (field paths from the message the client sent: frame.send_message.text).
        List<FieldViolation> violations = request.hasFrame() ? validation.violationsOf(request)
                : List.of(new FieldViolation("frame", "a frame is required"));
        if (!violations.isEmpty()) {
            answered(failures.invalidCommand(correlationId, violations));
            return;
        }
        synchronized (this) {
            busy = true;
        }
        CompletableFuture<ServerFrame> result;
        try {
            result = commands.run(stream, frame);
        } catch (RuntimeException refused) {
            // Some use cases refuse before they go asynchronous (a send's rate limit, mentions outside the text).
            result = CompletableFuture.failedFuture(refused);
        }
        result.whenComplete((ack, failure) -> {
            if (failure != null) {
                log.atDebug().addKeyValue("streamId", stream.id()).addKeyValue("command", frame.getCommandCase())
                        .addKeyValue("error", failure.toString()).log("stream command refused");
            }
            synchronized (this) {
                busy = false;
            }
            answered(failure == null ? ack : failures.commandError(correlationId, failure));
        });
    }

    /** The client cancelled or the transport broke; the stream's cancel handler cleans up. */
    @Override
    public void onError(Throwable cause) {
        log.atDebug().addKeyValue("streamId", stream.id()).addKeyValue("cause", cause.toString())
                .log("connect stream ended by the client");
    }

    /** The client is done sending: end the stream once the command in progress is answered. */
    @Override
    public void onCompleted() {
        synchronized (this) {
            halfClosed = true;
            if (busy) {
                return;
            }
        }
        stream.writer().finish(null);
    }

    private void answered(ServerFrame answer) {
        touch();
        stream.writer().offer(answer);
        boolean finish;
        synchronized (this) {
            finish = halfClosed;
        }
        if (finish) {
            stream.writer().finish(null);
        } else if (stream.open()) {
            call.request(1);
        }
    }

    private void touch() {
        lastActivity = System.nanoTime();
    }

    private void scheduleIdleCheck(long delayNanos) {
        try {
            executors.timer().schedule(this::checkIdle, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
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
            working = busy;
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
