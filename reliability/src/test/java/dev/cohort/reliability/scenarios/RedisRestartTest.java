package dev.cohort.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.reliability.support.ChatClient;
import dev.cohort.reliability.support.ChatDatabase;
import dev.cohort.reliability.support.ChatDatabase.StoredMessage;
import dev.cohort.reliability.support.Deadline;
import dev.cohort.reliability.support.ReliabilityPlatform;
import dev.cohort.reliability.support.ResumingSubscriber;
import dev.cohort.reliability.support.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: chat's Redis is stopped and started again (empty) under the running chat process, while a client
 * follows a conversation live. Redis carries live fan-out, presence and typing, none of which a message's
 * durability depends on: sends must keep being stored while it is down, and once it is back the open stream must
 * catch up from PostgreSQL, every message once, in order.
 *
 * <p>Every authenticated call checks the token deny-list in Redis; while Redis does not answer, the verifier decides
 * by the policy of ADR 0028 (tokens not known to be revoked pass), so sends do not depend on it.
 */
class RedisRestartTest {

    static final int BEFORE = 3;
    static final int DURING = 3;
    static final int AFTER = 3;

    @Test
    void sendsKeepBeingStoredWhileRedisIsDownAndTheStreamCatchesUpWhenItIsBack() throws Exception {
        ReliabilityPlatform platform = ReliabilityPlatform.get();
        ServiceProcess chat = platform.chat();
        ChatDatabase database = new ChatDatabase(platform.chatDeployment().database());
        String token = platform.identity().tokens().token(UUID.randomUUID().toString(), "STUDENT");
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", chat.port()).usePlaintext().build();
        ResumingSubscriber subscriber = null;
        try (ChatClient owner = new ChatClient(chat.port(), token)) {
            UUID conversation = UUID.fromString(owner.blocking().createChannel(CreateChannelRequest.newBuilder()
                    .setName("redis restart").build()).getConversation().getConversationId());
            subscriber = new ResumingSubscriber(conversation, token, () -> channel);
            subscriber.open();
            for (int n = 1; n <= BEFORE; n++) {
                send(owner, conversation, "before-" + n);
            }
            ResumingSubscriber follower = subscriber;
            Deadline.await("the stream to have the first messages", Duration.ofSeconds(30),
                    () -> follower.lastSequence() >= BEFORE);

            platform.chatRedis().stop();
            List<Status.Code> duringOutage = new ArrayList<>();
            try {
                for (int n = 1; n <= DURING; n++) {
                    try {
                        send(owner, conversation, "during-" + n);
                        duringOutage.add(Status.Code.OK);
                    } catch (StatusRuntimeException failed) {
                        duringOutage.add(failed.getStatus().getCode());
                    }
                }
            } finally {
                platform.chatRedis().start();
            }
            long restarted = System.nanoTime();
            System.out.printf("[scenario 5] sends while Redis was down: %s%n", duringOutage);
            assertThat(duringOutage).as("sends while Redis is down").containsOnly(Status.Code.OK);

            for (int n = 1; n <= AFTER; n++) {
                send(owner, conversation, "after-" + n);
            }
            long total = BEFORE + DURING + AFTER;
            Deadline.await("the stream to catch up", Duration.ofSeconds(60),
                    () -> follower.lastSequence() >= total, () -> "at " + follower.lastSequence());
            assertThat(subscriber.failure()).isNull();
            assertThat(subscriber.received()).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(database.messagesOf(Set.of(conversation))).extracting(StoredMessage::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            System.out.printf("[scenario 5] the stream caught up %d ms after Redis was back%n",
                    (System.nanoTime() - restarted) / 1_000_000);
        } finally {
            if (subscriber != null) {
                subscriber.close();
            }
            channel.shutdownNow();
        }
    }

    private static void send(ChatClient client, UUID conversation, String clientMessageId) {
        client.blocking().withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
                .sendMessage(SendMessageRequest.newBuilder().setConversationId(conversation.toString())
                        .setText("message " + clientMessageId).setClientMessageId(clientMessageId).build());
    }
}
