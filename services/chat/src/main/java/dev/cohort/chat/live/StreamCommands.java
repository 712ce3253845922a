package dev.cohort.chat.live;

import dev.cohort.chat.api.ProtoMapping;
import dev.cohort.chat.app.MessageWriter;
import dev.cohort.chat.app.ReadMarkers;
import dev.cohort.chat.app.ReadState;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.CommandAck;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What each command of a Connect stream does; the answer is the ack frame, or a failure that becomes the
 * command's CommandError. The commands reuse the use cases of the unary calls (a send through a stream is a
 * SendMessage: same rules, same idempotency, acknowledged only after its commit, published by the writer).
 */
final class StreamCommands {

    private final SubscriptionStarter subscriptions;
    private final LiveHub hub;
    private final MessageWriter messages;
    private final ReadMarkers readMarkers;
    private final TypingTracker typing;
    private final LiveExecutors executors;

    StreamCommands(SubscriptionStarter subscriptions, LiveHub hub, MessageWriter messages, ReadMarkers readMarkers,
                   TypingTracker typing, LiveExecutors executors) {
        this.subscriptions = subscriptions;
        this.hub = hub;
        this.messages = messages;
        this.readMarkers = readMarkers;
        this.typing = typing;
        this.executors = executors;
    }

    /** Runs a validated command; completes with its ack. */
    CompletableFuture<ServerFrame> run(LiveStream stream, ClientFrame frame) {
        CommandAck.Builder ack = CommandAck.newBuilder().setCorrelationId(frame.getCorrelationId());
        return switch (frame.getCommandCase()) {
            case SUBSCRIBE -> subscriptions.startAll(stream, frame.getSubscribe().getConversationsList())
                    .thenApply(states -> ack(ack.addAllSubscriptions(states)));
            case UNSUBSCRIBE -> {
                for (String id : frame.getUnsubscribe().getConversationIdsList()) {
                    Subscription subscription = stream.detach(UUID.fromString(id));
                    if (subscription != null) {
                        hub.leave(subscription);
                    }
                }
                yield CompletableFuture.completedFuture(ack(ack));
            }
            case SEND_MESSAGE -> messages.send(stream.actor(), ProtoMapping.newMessage(frame.getSendMessage()))
                    .thenApply(message -> ack(ack.setMessage(ProtoMapping.message(message))));
            case TYPING -> blocking(() -> {
                typing.update(stream.actor(), UUID.fromString(frame.getTyping().getConversationId()),
                        frame.getTyping().getTyping());
                return ack(ack);
            });
            case MARK_READ -> blocking(() -> {
                ReadState state = readMarkers.markRead(stream.actor(),
                        UUID.fromString(frame.getMarkRead().getConversationId()), frame.getMarkRead().getSequence());
                return ack(ack.setLastReadSequence(state.lastReadSequence()));
            });
            // A ping only shows the stream is alive (the caller noted the activity); presence is renewed by timer.
            case PING -> CompletableFuture.completedFuture(ack(ack));
            case COMMAND_NOT_SET -> CompletableFuture.failedFuture(InvalidArgumentException.of("REQUEST_INVALID",
                    "frame.command", "a command is required"));
        };
    }

    private CompletableFuture<ServerFrame> blocking(Supplier<ServerFrame> command) {
        return CompletableFuture.supplyAsync(command, executors.worker());
    }

    private static ServerFrame ack(CommandAck.Builder ack) {
        return ServerFrame.newBuilder().setAck(ack).build();
    }
}
