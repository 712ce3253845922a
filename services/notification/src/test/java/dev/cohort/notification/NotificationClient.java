package dev.cohort.notification;

import dev.cohort.notification.v1.ListNotificationsRequest;
import dev.cohort.notification.v1.Notification;
import dev.cohort.notification.v1.NotificationServiceGrpc;
import dev.cohort.notification.v1.SubscribeRequest;
import dev.cohort.notification.v1.SubscribeResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the running service. */
final class NotificationClient implements AutoCloseable {

    private final ManagedChannel channel;

    NotificationClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    NotificationServiceGrpc.NotificationServiceBlockingStub anonymous() {
        return NotificationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    NotificationServiceGrpc.NotificationServiceBlockingStub as(UUID userId) {
        return anonymous().withInterceptors(auth(token(userId)));
    }

    static String token(UUID userId) {
        return NotificationTestSupport.TOKENS.token(userId.toString(), "STUDENT");
    }

    List<Notification> list(UUID userId) {
        return as(userId).listNotifications(ListNotificationsRequest.newBuilder().setPageSize(100).build())
                .getNotificationsList();
    }

    /** Opens a Subscribe stream with {@code token}; its messages are queued as they come. */
    Feed subscribe(String token, long resumeAfterId) {
        Feed feed = new Feed();
        NotificationServiceGrpc.newStub(channel).withInterceptors(auth(token))
                .subscribe(SubscribeRequest.newBuilder().setResumeAfterId(resumeAfterId).build(), feed);
        return feed;
    }

    private static io.grpc.ClientInterceptor auth(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /** The messages of one stream, and how it ended. */
    static final class Feed implements ClientResponseObserver<SubscribeRequest, SubscribeResponse> {
        final LinkedBlockingQueue<SubscribeResponse> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        private volatile ClientCallStreamObserver<SubscribeRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(SubscribeResponse value) {
            messages.add(value);
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(t);
        }

        @Override
        public void onCompleted() {
            ended.complete(null);
        }

        /** The next message, waiting at most {@code within}; fails when none comes. */
        SubscribeResponse next(Duration within) throws InterruptedException {
            SubscribeResponse message = messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + within);
            }
            return message;
        }

        /** The next notification, skipping unread counts; fails when none comes within {@code within}. */
        Notification nextNotification(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                SubscribeResponse message = messages.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no notification within " + within);
                }
                if (message.hasNotification()) {
                    return message.getNotification();
                }
            }
        }

        /** Waits for the end of the replay. */
        void awaitCaughtUp() throws InterruptedException {
            while (!next(Duration.ofSeconds(10)).getCaughtUp()) {
                // replayed notifications and the count come first
            }
        }

        StatusRuntimeException awaitFailure() throws Exception {
            return (StatusRuntimeException) ended.get(10, TimeUnit.SECONDS);
        }

        void cancel() {
            call.cancel("test done", null);
        }

        @Override
        public String toString() {
            return "Feed" + List.copyOf(messages);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
