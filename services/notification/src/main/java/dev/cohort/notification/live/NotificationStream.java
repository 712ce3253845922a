package dev.cohort.notification.live;

import dev.cohort.notification.v1.SubscribeResponse;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One open Subscribe stream. Messages are queued and written only while gRPC says the client is ready (flow
 * control), so a slow client never makes the server buffer without bound: past {@code maxQueued} waiting messages
 * the stream ends with RESOURCE_EXHAUSTED (SLOW_CONSUMER) and the client resumes after the last id it saw, missing
 * nothing (everything is stored). Live notifications that arrive while the stream is still replaying are held and
 * sent after the replay, each id once.
 */
final class NotificationStream {

    private final UUID id = UUID.randomUUID();
    private final UUID userId;
    private final String accessToken;
    private final ServerCallStreamObserver<SubscribeResponse> observer;
    private final int maxQueued;
    private final ArrayDeque<SubscribeResponse> queue = new ArrayDeque<>();
    /** Live messages held while the replay runs. */
    private List<SubscribeResponse> heldDuringReplay = new ArrayList<>();
    private long lastSentId;
    private boolean closed;

    NotificationStream(UUID userId, String accessToken, ServerCallStreamObserver<SubscribeResponse> observer,
                       int maxQueued) {
        this.userId = userId;
        this.accessToken = accessToken;
        this.observer = observer;
        this.maxQueued = maxQueued;
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    String accessToken() {
        return accessToken;
    }

    /** Sends the replay (ids ascending), then what came live meanwhile; from then on live messages go straight out. */
    synchronized void replayed(List<SubscribeResponse> replay, long lastId) {
        for (SubscribeResponse message : replay) {
            enqueue(message);
        }
        lastSentId = Math.max(lastSentId, lastId);
        List<SubscribeResponse> held = heldDuringReplay;
        heldDuringReplay = null;
        for (SubscribeResponse message : held) {
            offerLive(message);
        }
        drain();
    }

    /** A live message; returns false when the stream had to end because the client does not keep up. */
    synchronized boolean offer(SubscribeResponse message) {
        if (closed) {
            return true;
        }
        if (heldDuringReplay != null) {
            heldDuringReplay.add(message);
            return true;
        }
        return offerLive(message);
    }

    private boolean offerLive(SubscribeResponse message) {
        if (message.hasNotification()) {
            long notificationId = message.getNotification().getId();
            if (notificationId <= lastSentId) {
                return true; // already in the replay
            }
            lastSentId = notificationId;
        }
        if (queue.size() >= maxQueued) {
            return false;
        }
        enqueue(message);
        drain();
        return true;
    }

    private void enqueue(SubscribeResponse message) {
        queue.addLast(message);
    }

    /** Writes what is queued while the client is ready; called again by gRPC when it becomes ready. */
    synchronized void drain() {
        while (!closed && !queue.isEmpty() && observer.isReady()) {
            observer.onNext(queue.pollFirst());
        }
    }

    /** Ends the stream with {@code status}; later messages are dropped. */
    synchronized void fail(StatusException status) {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        try {
            observer.onError(status);
        } catch (IllegalStateException alreadyCancelled) {
            // The client went away first.
        }
    }

    /** The client went away. */
    synchronized void cancelled() {
        closed = true;
        queue.clear();
    }

    synchronized boolean open() {
        return !closed;
    }
}
