package dev.cohort.reliability.support;

import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ConversationSubscription;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A browser-like client of one conversation's live stream (Subscribe), written as the contract tells clients to
 * behave: it remembers the last sequence it received, and when the server sends Reconnect it opens a new stream
 * (on whatever replica the service address now leads to) resuming after that sequence. It records every sequence
 * received, in order, so a test can see a gap or a duplicate. A stream that breaks (ends with an error status) is
 * resumed the same way, a few times at most, and counted: that is what a chat client does after a network error.
 */
public final class ResumingSubscriber {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final int MAX_RESUMES_AFTER_FAILURE = 3;

    private final UUID conversation;
    private final Metadata headers = new Metadata();
    private final Supplier<Channel> serviceAddress;
    private final List<Long> received = new ArrayList<>();
    private final AtomicInteger reconnectFrames = new AtomicInteger();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private volatile long lastSequence;
    /** A stream's failures this client resumed after, as a chat client reconnects after a broken stream. */
    private final List<Status> resumedFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Status failure;
    private volatile ClientCallStreamObserver<SubscribeRequest> current;

    public ResumingSubscriber(UUID conversation, String accessToken, Supplier<Channel> serviceAddress) {
        this.conversation = conversation;
        this.serviceAddress = serviceAddress;
        headers.put(AUTHORIZATION, "Bearer " + accessToken);
    }

    /** Opens the stream, resuming after the last sequence received (0 at first: from the conversation's start). */
    public void open() {
        streamsOpened.incrementAndGet();
        SubscribeRequest request = SubscribeRequest.newBuilder().addConversations(ConversationSubscription
                .newBuilder().setConversationId(conversation.toString()).setResumeAfterSequence(lastSequence)).build();
        ChatServiceGrpc.newStub(serviceAddress.get())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .subscribe(request, new Frames());
    }

    private final class Frames implements ClientResponseObserver<SubscribeRequest, SubscribeResponse> {
        private boolean toldToReconnect;

        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> call) {
            current = call;
        }

        @Override
        public void onNext(SubscribeResponse response) {
            ServerFrame frame = response.getFrame();
            if (frame.hasMessageCreated()) {
                long sequence = frame.getMessageCreated().getMessage().getSequence();
                synchronized (received) {
                    received.add(sequence);
                }
                lastSequence = sequence;
            } else if (frame.hasReconnect()) {
                toldToReconnect = true;
                reconnectFrames.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable error) {
            Status status = Status.fromThrowable(error);
            if (status.getCode() == Status.Code.CANCELLED) {
                return; // closed by this client
            }
            if (resumedFailures.size() < MAX_RESUMES_AFTER_FAILURE) {
                resumedFailures.add(status);
                open();
            } else {
                failure = status;
            }
        }

        @Override
        public void onCompleted() {
            if (toldToReconnect) {
                open();
            } else {
                failure = Status.INTERNAL.withDescription("the stream ended without Reconnect");
            }
        }
    }

    /** Every sequence received, in the order received, over all the streams this client opened. */
    public List<Long> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public long lastSequence() {
        return lastSequence;
    }

    public int reconnectFrames() {
        return reconnectFrames.get();
    }

    public int streamsOpened() {
        return streamsOpened.get();
    }

    /** Streams that broke (ended with an error) and that this client resumed after, by their status. */
    public List<Status> resumedFailures() {
        return List.copyOf(resumedFailures);
    }

    /**
     * How this client's last stream ended if it gave up (more than a few broken streams, or one ended without
     * Reconnect); null if it did not.
     */
    public Status failure() {
        return failure;
    }

    public UUID conversation() {
        return conversation;
    }

    /** Ends the current stream (the client goes away). */
    public void close() {
        ClientCallStreamObserver<SubscribeRequest> call = current;
        if (call != null) {
            call.cancel("test over", null);
        }
    }
}
