package dev.cohort.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.reliability.support.ChatClient;
import dev.cohort.reliability.support.Deadline;
import dev.cohort.reliability.support.ReliabilityPlatform;
import dev.cohort.reliability.support.ResumingSubscriber;
import dev.cohort.reliability.support.ServiceProcess;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: a rolling restart. A replica serving 1,000 open Subscribe streams gets SIGTERM while messages keep
 * being posted (through the replica that replaces it). Every client must be told to reconnect, open its stream
 * again on the new replica resuming after the last sequence it had, and end up with every message of its
 * conversation exactly once, in order: no gap, no duplicate.
 */
class ChatTerminatedWithOpenStreamsTest {

    static final int CONVERSATIONS = 20;
    static final int STREAMS = 1_000;
    static final int STREAMS_PER_USER = 2;
    static final int CHANNELS_PER_REPLICA = 10;
    static final int BEFORE = 10;
    static final int DURING = 20;

    @Test
    void everyStreamIsToldToReconnectAndResumesWithoutGapOrDuplicate() throws Exception {
        ReliabilityPlatform platform = ReliabilityPlatform.get();
        ServiceProcess old = platform.chat();
        ServiceProcess replacement = platform.chatDeployment().startReplica();
        List<ManagedChannel> toOld = channels(old.port());
        List<ManagedChannel> toReplacement = channels(replacement.port());
        AtomicReference<List<ManagedChannel>> serviceAddress = new AtomicReference<>(toOld);
        List<ResumingSubscriber> subscribers = new ArrayList<>();
        List<ChatClient> posters = new ArrayList<>();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            List<UUID> conversations = new ArrayList<>();
            List<String> ownerTokens = new ArrayList<>();
            for (int c = 0; c < CONVERSATIONS; c++) {
                ownerTokens.add(token(platform, UUID.randomUUID()));
                ChatClient owner = new ChatClient(old.port(), ownerTokens.get(c));
                posters.add(owner);
                conversations.add(UUID.fromString(owner.blocking().createChannel(CreateChannelRequest.newBuilder()
                        .setName("rolling " + c).build()).getConversation().getConversationId()));
            }
            String user = null;
            for (int s = 0; s < STREAMS; s++) {
                if (s % STREAMS_PER_USER == 0) {
                    user = token(platform, UUID.randomUUID());
                }
                int index = s;
                ResumingSubscriber subscriber = new ResumingSubscriber(conversations.get(s % CONVERSATIONS), user,
                        () -> pick(serviceAddress.get(), index));
                subscribers.add(subscriber);
                subscriber.open();
            }
            send(posters, conversations, 1, BEFORE);
            awaitEverySubscriberHas(subscribers, BEFORE, Duration.ofSeconds(180));

            // The replacement takes the service address; the old replica is told to stop while posting goes on.
            serviceAddress.set(toReplacement);
            List<ChatClient> ownersOnReplacement = new ArrayList<>();
            for (String ownerToken : ownerTokens) {
                ownersOnReplacement.add(new ChatClient(replacement.port(), ownerToken));
            }
            posters.addAll(ownersOnReplacement);
            Future<?> posting = sender.submit(() -> send(ownersOnReplacement, conversations, BEFORE + 1,
                    BEFORE + DURING));
            long terminated = System.nanoTime();
            Duration exit = old.terminate(Duration.ofSeconds(60));
            platform.chatIsNow(replacement);
            posting.get(300, TimeUnit.SECONDS);
            awaitEverySubscriberHas(subscribers, BEFORE + DURING, Duration.ofSeconds(180));
            long resumedMillis = (System.nanoTime() - terminated) / 1_000_000;

            List<Long> everyMessage = LongStream.rangeClosed(1, BEFORE + DURING).boxed().toList();
            for (ResumingSubscriber subscriber : subscribers) {
                assertThat(subscriber.failure()).as("how a stream ended").isNull();
                assertThat(subscriber.reconnectFrames()).as("Reconnect frames").isEqualTo(1);
                assertThat(subscriber.streamsOpened()).isEqualTo(2 + subscriber.resumedFailures().size());
                assertThat(subscriber.received()).as("sequences received by a client of " + subscriber.conversation())
                        .containsExactlyElementsOf(everyMessage);
            }
            assertThat(old.exitCode()).as("exit code after SIGTERM").isIn(0, 143);
            List<String> broken = subscribers.stream().flatMap(s -> s.resumedFailures().stream())
                    .map(status -> status.getCode().toString()).toList();
            System.out.printf("[scenario 4] SIGTERM with %d open streams: replica exited in %d ms (code %d); all %d "
                            + "told to reconnect, resumed on the replacement and complete (%d messages each, no gap, "
                            + "no duplicate) %d ms after the signal; streams that broke otherwise and were resumed: "
                            + "%d %s%n", STREAMS, exit.toMillis(), old.exitCode(), STREAMS, BEFORE + DURING,
                    resumedMillis, broken.size(), broken.stream().distinct().toList());
        } finally {
            subscribers.forEach(ResumingSubscriber::close);
            sender.shutdownNow();
            for (ChatClient poster : posters) {
                poster.close();
            }
            for (ManagedChannel channel : toOld) {
                channel.shutdownNow();
            }
            for (ManagedChannel channel : toReplacement) {
                channel.shutdownNow();
            }
        }
    }

    /** Sequences {@code from..to} in every conversation, each conversation's messages in order (acknowledged). */
    private static void send(List<ChatClient> owners, List<UUID> conversations, int from, int to) {
        for (int sequence = from; sequence <= to; sequence++) {
            for (int c = 0; c < conversations.size(); c++) {
                sendUntilAnswered(owners.get(c), SendMessageRequest.newBuilder()
                        .setConversationId(conversations.get(c).toString()).setText("message " + sequence)
                        .setClientMessageId("rolling-" + sequence).build());
            }
        }
    }

    /** A client's retries of one send (same client id) while the service is busy or slow to answer; bounded. */
    private static void sendUntilAnswered(ChatClient client, SendMessageRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.blocking().withDeadlineAfter(30, TimeUnit.SECONDS).sendMessage(request);
                return;
            } catch (StatusRuntimeException failed) {
                Status.Code code = failed.getStatus().getCode();
                if (attempt == 5 || !(code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                        || code == Status.Code.RESOURCE_EXHAUSTED)) {
                    throw failed;
                }
            }
        }
    }

    private static void awaitEverySubscriberHas(List<ResumingSubscriber> subscribers, long sequence, Duration timeout) {
        Deadline.await("every stream to have sequence " + sequence, timeout, () -> subscribers.stream()
                        .allMatch(s -> s.lastSequence() >= sequence || s.failure() != null),
                () -> subscribers.stream().filter(s -> s.lastSequence() < sequence).count() + " behind, failures: "
                        + subscribers.stream().filter(s -> s.failure() != null).map(s -> s.failure().toString())
                        .distinct().limit(3).toList());
    }

    private static List<ManagedChannel> channels(int port) {
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS_PER_REPLICA; i++) {
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
        }
        return channels;
    }

    private static Channel pick(List<ManagedChannel> channels, int index) {
        return channels.get(index % channels.size());
    }

    private static String token(ReliabilityPlatform platform, UUID user) {
        return platform.identity().tokens().token(user.toString(), "STUDENT");
    }
}
