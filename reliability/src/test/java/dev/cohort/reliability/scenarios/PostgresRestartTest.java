package dev.cohort.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.reliability.support.ChatClient;
import dev.cohort.reliability.support.ChatDatabase;
import dev.cohort.reliability.support.ChatDatabase.StoredMessage;
import dev.cohort.reliability.support.Deadline;
import dev.cohort.reliability.support.ReliabilityPlatform;
import dev.cohort.reliability.support.ServiceProcess;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: chat's PostgreSQL is restarted (fast shutdown, every connection cut) under the running chat process.
 * Chat must recover by itself, without a restart of its own: sends succeed again once the database is back, the
 * sequences continue without a gap, a send that failed during the outage and is retried is stored once, and the
 * outbox relay publishes what was committed after the restart.
 */
class PostgresRestartTest {

    static final String TOPIC = "cohort.chat.messages";

    @Test
    void chatRecoversFromAPostgresRestartWithoutARestartOfItsOwn() throws Exception {
        ReliabilityPlatform platform = ReliabilityPlatform.get();
        ServiceProcess chat = platform.chat();
        ChatDatabase database = new ChatDatabase(platform.chatDeployment().database());
        try (ChatClient owner = new ChatClient(chat.port(),
                platform.identity().tokens().token(UUID.randomUUID().toString(), "STUDENT"))) {
            UUID conversation = UUID.fromString(owner.blocking().createChannel(CreateChannelRequest.newBuilder()
                    .setName("database restart").build()).getConversation().getConversationId());
            for (int n = 1; n <= 5; n++) {
                send(owner, conversation, "before-" + n);
            }

            long stopped = System.nanoTime();
            platform.chatPostgres().stop();
            Status.Code duringOutage;
            try {
                send(owner, conversation, "during-1");
                duringOutage = Status.Code.OK;
            } catch (StatusRuntimeException failed) {
                duringOutage = failed.getStatus().getCode();
            }
            platform.chatPostgres().start();
            long restarted = System.nanoTime();
            // A database that is down is a transient failure: retryable UNAVAILABLE, never INTERNAL (ADR 0029).
            assertThat(duringOutage).as("a send while PostgreSQL is down").isEqualTo(Status.Code.UNAVAILABLE);
            List<Message> after = new ArrayList<>();
            Deadline.await("a send to succeed after the restart", Duration.ofSeconds(60), () -> {
                try {
                    after.add(send(owner, conversation, "after-1"));
                    return true;
                } catch (StatusRuntimeException notYet) {
                    return false;
                }
            }, () -> "sends still failing");
            long recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
            send(owner, conversation, "during-1"); // the client retries the send that failed in the outage
            for (int n = 2; n <= 5; n++) {
                send(owner, conversation, "after-" + n);
            }

            assertThat(chat.isAlive()).as("the same chat process serves").isTrue();
            assertThat(platform.chat().pid()).isEqualTo(chat.pid());
            List<StoredMessage> stored = database.messagesOf(Set.of(conversation));
            assertThat(stored).extracting(StoredMessage::clientMessageId).doesNotHaveDuplicates().hasSize(11);
            assertThat(stored).extracting(StoredMessage::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
            Deadline.await("the relay to publish every event of the conversation", Duration.ofSeconds(60),
                    () -> database.unpublishedEvents(TOPIC, Set.of(conversation)) == 0,
                    () -> database.unpublishedEvents(TOPIC, Set.of(conversation)) + " unsent");
            System.out.printf("[scenario 6] PostgreSQL down %d ms; a send during the outage got %s; the first send "
                            + "after the restart succeeded %d ms after PostgreSQL was back; same chat process (pid %d)%n",
                    (restarted - stopped) / 1_000_000, duringOutage, recoveredMillis, chat.pid());
        }
    }

    private static Message send(ChatClient client, UUID conversation, String clientMessageId) {
        return client.blocking().sendMessage(SendMessageRequest.newBuilder().setConversationId(conversation.toString())
                .setText("message " + clientMessageId).setClientMessageId(clientMessageId).build()).getMessage();
    }
}
