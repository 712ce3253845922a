package dev.cohort.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cohort.chat.app.MessageView;
import dev.cohort.chat.app.MessageWriter;
import dev.cohort.chat.app.NewMessage;
import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.ListMessagesRequest;
import dev.cohort.chat.v1.Message;
import dev.cohort.groupcommit.GroupCommitStats;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A send that PostgreSQL refuses, written in the same group-commit batch as good sends: the batch's statement
 * fails, and the good sends are still stored, numbered without a gap and acknowledged, while only the bad one
 * fails. The bad texts reach the writer directly, as anything the contract's validation missed would: a NUL byte
 * (PostgreSQL cannot store it in text) and a text longer than its column.
 *
 * <p>To get the sends into one batch, the test holds the conversation's row lock in a transaction of its own: the
 * writer's lane takes the first send and waits on that lock, the test queues the next three meanwhile, and once
 * the lock is released the lane takes those three as its next batch.
 */
@SpringBootTest(classes = ChatApplication.class, properties = "spring.config.name=" + ChatApplication.CONFIG_NAME)
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadSendInABatchTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, BadSendInABatchTest.class, false);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    MessageWriter writer;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    ChatClient client;

    @BeforeAll
    void connect() {
        client = new ChatClient(port.get());
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        client.close();
    }

    static Stream<Arguments> textsPostgresRefuses() {
        return Stream.of(
                Arguments.of("a NUL byte", "before\u0000after"),
                Arguments.of("a text longer than its column", "x".repeat(4001)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textsPostgresRefuses")
    void theOtherSendsOfTheBatchAreStoredAndAcknowledged(String what, String badText) throws Exception {
        UUID owner = UUID.randomUUID();
        Conversation channel = client.as(owner).createChannel(CreateChannelRequest.newBuilder()
                .setName("batch " + UUID.randomUUID()).setTopic("group commit").build()).getConversation();
        UUID conversationId = UUID.fromString(channel.getConversationId());
        Actor actor = Actor.user(owner);
        GroupCommitStats.Snapshot before = writer.stats().snapshot();

        CompletableFuture<MessageView> first;
        CompletableFuture<MessageView> good;
        CompletableFuture<MessageView> bad;
        CompletableFuture<MessageView> alsoGood;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement(
                    "select id from conversations where id = ? for update")) {
                select.setObject(1, conversationId);
                select.executeQuery().close();
            }
            first = writer.send(actor, message(conversationId, "first"));
            await().atMost(Duration.ofSeconds(20)).until(this::someoneWaitsForALock);
            good = writer.send(actor, message(conversationId, "good"));
            bad = writer.send(actor, message(conversationId, badText));
            alsoGood = writer.send(actor, message(conversationId, "also good"));
            lock.commit();
        }

        assertThat(first).succeedsWithin(Duration.ofSeconds(20)).extracting(MessageView::sequence).isEqualTo(1L);
        assertThat(good).succeedsWithin(Duration.ofSeconds(20)).extracting(MessageView::sequence).isEqualTo(2L);
        assertThat(alsoGood).succeedsWithin(Duration.ofSeconds(20)).extracting(MessageView::sequence).isEqualTo(3L);
        assertThat(bad).failsWithin(Duration.ofSeconds(20));
        List<Message> stored = client.as(owner).listMessages(ListMessagesRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setPageSize(10).build()).getMessagesList();
        assertThat(stored).extracting(Message::getText).containsExactlyInAnyOrder("first", "good", "also good");
        assertThat(stored).extracting(Message::getSequence).containsExactlyInAnyOrder(1L, 2L, 3L);
        // The three were one batch: the first alone, then the failed batch of three, then each of them again.
        GroupCommitStats.Snapshot batches = writer.stats().snapshot().since(before);
        assertThat(batches.batches()).isEqualTo(5);
        assertThat(batches.items()).isEqualTo(7);
    }

    private boolean someoneWaitsForALock() {
        Integer waiting = jdbc.queryForObject("select count(*) from pg_stat_activity "
                + "where datname = current_database() and wait_event_type = 'Lock'", Integer.class);
        return waiting != null && waiting > 0;
    }

    private static NewMessage message(UUID conversationId, String text) {
        return new NewMessage(conversationId, text, UUID.randomUUID().toString(), null, List.of());
    }
}
