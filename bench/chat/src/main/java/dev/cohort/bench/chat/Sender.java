package dev.cohort.bench.chat;

import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.PingCommand;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.SendMessageResponse;
import dev.cohort.chat.v1.ServerFrame;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One sending user. {@link Connect} posts with the send command of its own Connect stream (what a native client
 * does; the token is checked once, at the stream's start) and reads the ack; {@link Unary} calls SendMessage. The
 * correlation id of a send command is its send time, so the ack gives send→ack latency without a lookup table.
 * Every send ends in exactly one call of {@link Completion#done}, acknowledged or not.
 */
abstract class Sender {

    /**
     * Told when a send of this sender is over, e.g. to send the next in a closed loop: acknowledged (with the
     * conversation it was posted to) or failed ({@code conversationId} null).
     */
    interface Completion {
        void done(Sender sender, String conversationId, boolean acked);
    }

    final int index;
    final LoadStats stats;
    final Completion completion;
    /** Sends of this sender not yet over. */
    final AtomicInteger outstanding = new AtomicInteger();

    Sender(int index, LoadStats stats, Completion completion) {
        this.index = index;
        this.stats = stats;
        this.completion = completion;
    }

    /** Posts {@code text} to the conversation; {@code sentNanos} is the send time the text carries. */
    abstract void send(String conversationId, String text, String clientMessageId, long sentNanos);

    void ping() {
    }

    void close() {
    }

    final void acked(String conversationId, long sentNanos) {
        stats.persisted.increment();
        stats.sendToAck.record(System.nanoTime() - sentNanos);
        outstanding.decrementAndGet();
        completion.done(this, conversationId, true);
    }

    final void failed(String what, String detail) {
        stats.error(what, detail);
        outstanding.decrementAndGet();
        completion.done(this, null, false);
    }

    static SendMessageRequest request(String conversationId, String text, String clientMessageId) {
        return SendMessageRequest.newBuilder().setConversationId(conversationId).setText(text)
                .setClientMessageId(clientMessageId).build();
    }

    /** Sends with SendMessage, one unary call each (10 s deadline). */
    static final class Unary extends Sender {
        private final ChatServiceGrpc.ChatServiceStub chat;

        Unary(int index, LoadStats stats, Completion completion, ChatServiceGrpc.ChatServiceStub chat) {
            super(index, stats, completion);
            this.chat = chat;
        }

        @Override
        void send(String conversationId, String text, String clientMessageId, long sentNanos) {
            outstanding.incrementAndGet();
            stats.sent.increment();
            chat.withDeadlineAfter(10, TimeUnit.SECONDS).sendMessage(request(conversationId, text, clientMessageId),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(SendMessageResponse response) {
                        }

                        @Override
                        public void onError(Throwable failure) {
                            Status status = Status.fromThrowable(failure);
                            failed("send: " + status.getCode(), status.getDescription());
                        }

                        @Override
                        public void onCompleted() {
                            acked(conversationId, sentNanos);
                        }
                    });
        }
    }

    /** Sends with the send command of one Connect stream, opened at construction. */
    static final class Connect extends Sender {
        private static final String PING = "ping";
        private final ClientCallStreamObserver<ConnectRequest> commands;
        private volatile boolean closing;
        private volatile boolean ended;

        Connect(int index, LoadStats stats, Completion completion, ChatServiceGrpc.ChatServiceStub chat) {
            super(index, stats, completion);
            ClientCallStreamObserver<ConnectRequest>[] opened = new ClientCallStreamObserver[1];
            chat.connect(new ClientResponseObserver<ConnectRequest, ConnectResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<ConnectRequest> requests) {
                    opened[0] = requests;
                }

                @Override
                public void onNext(ConnectResponse response) {
                    onFrame(response.getFrame());
                }

                @Override
                public void onError(Throwable failure) {
                    streamEnded(Status.fromThrowable(failure));
                }

                @Override
                public void onCompleted() {
                    streamEnded(null);
                }
            });
            this.commands = opened[0];
        }

        @Override
        void send(String conversationId, String text, String clientMessageId, long sentNanos) {
            outstanding.incrementAndGet();
            stats.sent.increment();
            if (!command(ClientFrame.newBuilder().setCorrelationId(Long.toString(sentNanos))
                    .setSendMessage(request(conversationId, text, clientMessageId)).build())) {
                failed("send: sender stream already ended", null);
            }
        }

        @Override
        void ping() {
            command(ClientFrame.newBuilder().setCorrelationId(PING).setPing(PingCommand.getDefaultInstance()).build());
        }

        private boolean command(ClientFrame frame) {
            synchronized (this) {
                if (ended || closing) {
                    return false;
                }
                commands.onNext(ConnectRequest.newBuilder().setFrame(frame).build());
                return true;
            }
        }

        private void onFrame(ServerFrame frame) {
            switch (frame.getFrameCase()) {
                case ACK -> {
                    long sent = sentNanos(frame.getAck().getCorrelationId());
                    if (sent != BenchText.NOT_TIMED) {
                        acked(frame.getAck().getMessage().getConversationId(), sent);
                    }
                }
                case ERROR -> {
                    var status = frame.getError().getStatus();
                    if (sentNanos(frame.getError().getCorrelationId()) != BenchText.NOT_TIMED) {
                        failed("send command: " + Status.fromCodeValue(status.getCode()).getCode(), status.getMessage());
                    } else {
                        stats.error("sender " + frame.getError().getCorrelationId() + " command: "
                                + Status.fromCodeValue(status.getCode()).getCode(), status.getMessage());
                    }
                }
                case RECONNECT -> stats.error("sender got Reconnect");
                default -> { }
            }
        }

        private static long sentNanos(String correlationId) {
            if (correlationId.isEmpty() || PING.equals(correlationId)) {
                return BenchText.NOT_TIMED;
            }
            try {
                return Long.parseLong(correlationId);
            } catch (NumberFormatException notASend) {
                return BenchText.NOT_TIMED;
            }
        }

        private void streamEnded(Status status) {
            synchronized (this) {
                ended = true;
            }
            int lost = outstanding.getAndSet(0);
            if (!closing) {
                stats.error("sender stream ended: " + (status == null ? "completed by server" : status.getCode()),
                        status == null ? null : status.getDescription());
                for (int i = 0; i < lost; i++) {
                    stats.error("send: unanswered when its stream ended");
                }
            }
        }

        @Override
        void close() {
            closing = true;
            if (!ended) {
                commands.cancel("benchmark pass over", null);
            }
        }
    }
}
