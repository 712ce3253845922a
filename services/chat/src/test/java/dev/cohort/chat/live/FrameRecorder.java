package dev.cohort.chat.live;

import org.awaitility.Awaitility;

import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.ServerFrame;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/** The client end of a live stream in a test: every frame received, in order, and how the call ended. */
final class FrameRecorder<Q, R> implements ClientResponseObserver<Q, R> {

    static final Duration PATIENCE = Duration.ofSeconds(15);

    private final Function<R, ServerFrame> unwrap;
    private final boolean stalled;
    private volatile Metadata trailers = new Metadata();
    private final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> closed = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<Q> call;

    FrameRecorder(Function<R, ServerFrame> unwrap) {
        this(unwrap, false);
    }

    private FrameRecorder(Function<R, ServerFrame> unwrap, boolean stalled) {
        this.unwrap = unwrap;
        this.stalled = stalled;
    }

    /** A client that asks for no frames at all until the test calls {@code call().request(n)}. */
    static <Q, R> FrameRecorder<Q, R> stalled(Function<R, ServerFrame> unwrap) {
        return new FrameRecorder<>(unwrap, true);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        this.call = requestStream;
        if (stalled) {
            requestStream.disableAutoRequestWithInitial(0);
        }
    }

    @Override
    public void onNext(R response) {
        frames.add(unwrap.apply(response));
    }

    @Override
    public void onError(Throwable error) {
        Metadata received = Status.trailersFromThrowable(error);
        if (received != null) {
            trailers = received;
        }
        closed.complete(Status.fromThrowable(error));
    }

    @Override
    public void onCompleted() {
        closed.complete(Status.OK);
    }

    ClientCallStreamObserver<Q> call() {
        return call;
    }

    /** Hangs up, as a client that goes away does. */
    void cancel() {
        call.cancel("test client leaves", null);
        Awaitility.await().atMost(PATIENCE).until(closed::isDone);
    }

    List<ServerFrame> frames() {
        return List.copyOf(frames);
    }

    /** Every message received in MessageCreated frames of the conversation, in order. */
    List<Message> created(UUID conversationId) {
        return frames.stream().filter(ServerFrame::hasMessageCreated)
                .map(frame -> frame.getMessageCreated().getMessage())
                .filter(message -> message.getConversationId().equals(conversationId.toString())).toList();
    }

    List<Long> sequences(UUID conversationId) {
        return created(conversationId).stream().map(Message::getSequence).toList();
    }

    /** Waits for the conversation's MessageCreated frames to reach {@code count}. */
    List<Long> awaitSequences(UUID conversationId, int count) {
        Awaitility.await().atMost(PATIENCE).until(() -> created(conversationId).size() >= count);
        return sequences(conversationId);
    }

    /** Waits for a frame that matches, and returns the first one. */
    ServerFrame await(Predicate<ServerFrame> matching) {
        Awaitility.await().atMost(PATIENCE).until(() -> frames.stream().anyMatch(matching));
        return frames.stream().filter(matching).findFirst().orElseThrow();
    }

    /** Waits for the call to end and returns its status. */
    Status awaitClose() {
        try {
            return closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stream did not end; frames: " + frames.size(), e);
        }
    }

    /** How the call ended, as the exception a blocking stub would have thrown (for its google.rpc details). */
    StatusRuntimeException awaitFailure() {
        return awaitClose().asRuntimeException(trailers);
    }

    boolean isClosed() {
        return closed.isDone();
    }
}
