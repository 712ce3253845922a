package dev.cohort.chat.live;

import dev.cohort.chat.v1.ServerFrame;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server end of a gRPC stream as the live layer sees it, with a transport that is ready or not as the test
 * says: what was written, and how the call was closed.
 */
final class FakeServerCall extends ServerCallStreamObserver<ServerFrame> {

    final List<ServerFrame> written = new CopyOnWriteArrayList<>();
    private volatile boolean ready = true;
    private volatile Runnable onReady = () -> { };
    private volatile Runnable onCancel = () -> { };
    volatile Status closedWith;
    /** Client messages requested so far (manual inbound flow control). */
    final java.util.concurrent.atomic.AtomicInteger requested = new java.util.concurrent.atomic.AtomicInteger();

    /** Opens or closes the transport's window; opening it runs the on-ready handler, as gRPC does. */
    void ready(boolean ready) {
        this.ready = ready;
        if (ready) {
            onReady.run();
        }
    }

    void cancelByClient() {
        onCancel.run();
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {
        this.onReady = onReadyHandler;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {
        this.onCancel = onCancelHandler;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void setCompression(String compression) {
    }

    @Override
    public void disableAutoInboundFlowControl() {
    }

    @Override
    public void request(int count) {
        requested.addAndGet(count);
    }

    @Override
    public void setMessageCompression(boolean enable) {
    }

    @Override
    public void onNext(ServerFrame frame) {
        if (closedWith != null) {
            throw new IllegalStateException("call already closed");
        }
        written.add(frame);
    }

    @Override
    public void onError(Throwable error) {
        closedWith = Status.fromThrowable(error);
    }

    @Override
    public void onCompleted() {
        closedWith = Status.OK;
    }
}
