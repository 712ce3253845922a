package dev.cohort.bench.chat;

import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConversationSubscription;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.PingCommand;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.SubscribeCommand;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscriptionState;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscriber: a live stream following one conversation, through Connect (a subscribe command, acknowledged)
 * or Subscribe (the browser's server stream). For every MessageCreated frame it counts a delivery and records
 * send→receive latency from the send time in the text, and checks that sequences arrive in order without gaps.
 */
final class SubscriberStream {

    private static final String SUBSCRIBE = "subscribe";
    /** The live RPCs with their responses skimmed rather than parsed (see {@link SkimmedFrame}). */
    private static final MethodDescriptor<ConnectRequest, SkimmedFrame> CONNECT = ChatServiceGrpc.getConnectMethod()
            .toBuilder(ChatServiceGrpc.getConnectMethod().getRequestMarshaller(), new SkimmedFrame.Marshaller())
            .build();
    private static final MethodDescriptor<SubscribeRequest, SkimmedFrame> SUBSCRIBE_METHOD =
            ChatServiceGrpc.getSubscribeMethod().toBuilder(ChatServiceGrpc.getSubscribeMethod().getRequestMarshaller(),
                    new SkimmedFrame.Marshaller()).build();
    private static final String PING = "ping";

    private final String conversationId;
    private final LoadStats stats;
    private final DeliveryGate gate;
    private final CountDownLatch subscribed;
    private volatile ClientCallStreamObserver<?> call;
    private ClientCallStreamObserver<ConnectRequest> commands;
    /** Touched only by this stream's callbacks, which gRPC runs one at a time. */
    private long lastSequence = -1;
    private volatile boolean probeSeen;
    private volatile boolean closing;
    private volatile boolean ended;
    private final AtomicBoolean counted = new AtomicBoolean();

    SubscriberStream(String conversationId, LoadStats stats, DeliveryGate gate, CountDownLatch subscribed) {
        this.conversationId = conversationId;
        this.stats = stats;
        this.gate = gate;
        this.subscribed = subscribed;
    }

    String conversationId() {
        return conversationId;
    }

    boolean probeSeen() {
        return probeSeen;
    }

    boolean ended() {
        return ended;
    }

    /** Opens a Connect stream and sends the subscribe command; {@code subscribed} counts down on its ack. */
    void connect(ChatServiceGrpc.ChatServiceStub chat) {
        ClientCalls.asyncBidiStreamingCall(chat.getChannel().newCall(CONNECT, chat.getCallOptions()),
                new ClientResponseObserver<ConnectRequest, SkimmedFrame>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ConnectRequest> requests) {
                call = requests;
                commands = requests;
            }

            @Override
            public void onNext(SkimmedFrame frame) {
                onFrame(frame);
            }

            @Override
            public void onError(Throwable failure) {
                streamEnded(failure);
            }

            @Override
            public void onCompleted() {
                streamEnded(null);
            }
        });
        command(ClientFrame.newBuilder().setCorrelationId(SUBSCRIBE).setSubscribe(SubscribeCommand.newBuilder()
                .addConversations(ConversationSubscription.newBuilder().setConversationId(conversationId))).build());
    }

    /** Opens a Subscribe stream; it has no ack, so {@code subscribed} counts down at once (probes tell more). */
    void subscribe(ChatServiceGrpc.ChatServiceStub chat) {
        ClientCalls.asyncServerStreamingCall(chat.getChannel().newCall(SUBSCRIBE_METHOD, chat.getCallOptions()),
                SubscribeRequest.newBuilder().addConversations(ConversationSubscription.newBuilder()
                        .setConversationId(conversationId)).build(),
                new ClientResponseObserver<SubscribeRequest, SkimmedFrame>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requests) {
                call = requests;
            }

            @Override
            public void onNext(SkimmedFrame frame) {
                onFrame(frame);
            }

            @Override
            public void onError(Throwable failure) {
                streamEnded(failure);
            }

            @Override
            public void onCompleted() {
                streamEnded(null);
            }
        });
        markSubscribed();
    }

    /** Counts this stream in {@code subscribed} once, whether its ack came or it ended first. */
    private void markSubscribed() {
        if (!counted.getAndSet(true)) {
            subscribed.countDown();
        }
    }

    /** Keeps a Connect stream from being closed as idle (a subscriber otherwise sends nothing). */
    void ping() {
        if (commands != null && !ended) {
            command(ClientFrame.newBuilder().setCorrelationId(PING).setPing(PingCommand.getDefaultInstance()).build());
        }
    }

    private void command(ClientFrame frame) {
        synchronized (this) {
            if (!ended && !closing) {
                commands.onNext(ConnectRequest.newBuilder().setFrame(frame).build());
            }
        }
    }

    private void onFrame(SkimmedFrame skimmed) {
        if (skimmed.messageCreated()) {
            delivered(skimmed.sequence(), skimmed.text());
            return;
        }
        ServerFrame frame = skimmed.frame();
        switch (frame.getFrameCase()) {
            case MESSAGE_CREATED -> {
                Message message = frame.getMessageCreated().getMessage();
                delivered(message.getSequence(), message.getText());
            }
            case ACK -> {
                if (SUBSCRIBE.equals(frame.getAck().getCorrelationId())) {
                    for (SubscriptionState state : frame.getAck().getSubscriptionsList()) {
                        lastSequence = Math.max(lastSequence, state.getLastSequence());
                    }
                    markSubscribed();
                }
            }
            case ERROR -> stats.error("subscriber " + frame.getError().getCorrelationId() + " command: "
                    + Status.fromCodeValue(frame.getError().getStatus().getCode()).getCode(),
                    frame.getError().getStatus().getMessage());
            case RECONNECT -> stats.error("subscriber got Reconnect");
            case REPLAY_TRUNCATED -> stats.error("subscriber got ReplayTruncated");
            default -> { }
        }
    }

    private void delivered(long sequence, String text) {
        long now = System.nanoTime();
        if (lastSequence >= 0) {
            if (sequence > lastSequence + 1) {
                stats.error("delivery gap (sequences missed)");
            } else if (sequence <= lastSequence) {
                stats.error("delivery out of order or repeated");
            }
        }
        lastSequence = Math.max(lastSequence, sequence);
        long sent = BenchText.sentNanos(text);
        if (sent != BenchText.NOT_TIMED) {
            stats.deliveries.increment();
            stats.sendToReceive.record(now - sent);
            gate.delivered();
        } else if (BenchText.isProbe(text)) {
            probeSeen = true;
        }
    }

    private void streamEnded(Throwable failure) {
        ended = true;
        if (!closing) {
            Status status = failure == null ? null : Status.fromThrowable(failure);
            stats.error("subscriber stream ended: " + (status == null ? "completed by server" : status.getCode()),
                    status == null ? null : status.getDescription());
        }
        markSubscribed();
    }

    /** Ends the stream from the client's side (cancels the call; the server sees the client go away). */
    void close() {
        closing = true;
        ClientCallStreamObserver<?> current = call;
        if (current == null || ended) {
            return;
        }
        current.cancel("benchmark pass over", null);
    }
}
