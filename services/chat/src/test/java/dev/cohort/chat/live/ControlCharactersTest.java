package dev.cohort.chat.live;

import static dev.cohort.chat.live.LiveTestKit.channel;
import static dev.cohort.chat.live.LiveTestKit.connect;
import static dev.cohort.chat.live.LiveTestKit.send;
import static dev.cohort.chat.live.LiveTestKit.sendRequest;
import static dev.cohort.testkit.grpc.GrpcFailures.detail;
import static dev.cohort.testkit.grpc.GrpcFailures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.ChatClient;
import dev.cohort.chat.ChatTestSupport;
import dev.cohort.chat.TestUsers;
import dev.cohort.chat.live.LiveTestKit.ConnectStream;
import dev.cohort.chat.v1.AddReactionRequest;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.EditMessageRequest;
import dev.cohort.chat.v1.ListConversationsRequest;
import dev.cohort.chat.v1.ListMessagesRequest;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Control characters in what people write to chat (ADR 18), through real gRPC clients on real PostgreSQL: refused
 * with INVALID_ARGUMENT and the field at fault before anything is stored (PostgreSQL cannot store U+0000 at all;
 * the caller used to see INTERNAL), newline and tab kept where the contract marks free text, and a bad command on a
 * Connect stream answered on its own while the sends around it, on that stream and another, are stored.
 */
@SpringBootTest(classes = ChatApplication.class, properties = "spring.config.name=" + ChatApplication.CONFIG_NAME)
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlCharactersTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, ControlCharactersTest.class, false);
    }

    @Autowired
    TestUsers users;
    @Autowired
    BoundGrpcPort port;
    @Autowired
    JdbcTemplate jdbc;
    ChatClient client;

    @BeforeAll
    void connectClient() {
        client = new ChatClient(port.get());
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void aNulInAMessageIsRefusedWithTheFieldAtFaultAndNothingIsStored() {
        UUID author = UUID.randomUUID();
        UUID conversation = channel(client, author, false);

        StatusRuntimeException refused = failure(() -> client.as(author)
                .sendMessage(sendRequest(conversation, "hello\u0000world")));

        assertRefused(refused, "text");
        assertThat(storedTexts(conversation)).isEmpty();
    }

    @Test
    void newlineAndTabAreKeptInMessageTextButNoOtherControlCharacter() {
        UUID author = UUID.randomUUID();
        UUID conversation = channel(client, author, false);

        Message multiline = send(client, author, conversation, "first line\n\tindented second line");
        assertThat(multiline.getText()).isEqualTo("first line\n\tindented second line");
        assertRefused(failure(() -> client.as(author).sendMessage(sendRequest(conversation, "bell\u0007"))), "text");
        assertRefused(failure(() -> client.as(author).sendMessage(sendRequest(conversation, "erase\u001B[2J"))), "text");
        assertRefused(failure(() -> client.as(author).editMessage(EditMessageRequest.newBuilder()
                .setMessageId(multiline.getMessageId()).setText("edited\u0000").build())), "text");

        assertThat(storedTexts(conversation)).containsExactly("first line\n\tindented second line");
    }

    @Test
    void aChannelNameTakesNoControlCharacterNotEvenNewlineOrTab() {
        UUID owner = UUID.randomUUID();
        for (String name : List.of("study\u0000group", "two\nlines", "tab\there", "del\u007F")) {
            assertRefused(failure(() -> client.as(owner).createChannel(
                    CreateChannelRequest.newBuilder().setName(name).build())), "name");
        }

        assertThat(client.as(owner).listConversations(ListConversationsRequest.getDefaultInstance())
                .getConversationsList()).as("no channel was created").isEmpty();
    }

    @Test
    void aReactionWithANulIsRefusedAndNotStored() {
        UUID author = UUID.randomUUID();
        UUID conversation = channel(client, author, false);
        Message message = send(client, author, conversation, "react to me");

        assertRefused(failure(() -> client.as(author).addReaction(AddReactionRequest.newBuilder()
                .setMessageId(message.getMessageId()).setEmoji("\u0000").build())), "emoji");

        assertThat(jdbc.queryForObject("select count(*) from reactions where message_id = ?::uuid", Long.class,
                message.getMessageId())).isZero();
    }

    @Test
    void aBadSendOnAStreamIsAnsweredOnItsOwnWhileTheSendsAroundItAreStored() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID conversation = channel(client, users, alice, false, bob);
        ConnectStream aliceStream = connect(client, alice);
        ConnectStream bobStream = connect(client, bob);
        try {
            // Pipelined on one stream without waiting for acks, and interleaved with another stream's sends, so
            // that all of them would be candidates for the same write batch if the bad one got that far.
            aliceStream.send(sendFrame("a-1", conversation, "before"));
            bobStream.send(sendFrame("b-1", conversation, "bob one"));
            aliceStream.send(sendFrame("a-2", conversation, "bad\u0000send"));
            bobStream.send(sendFrame("b-2", conversation, "bob two"));
            aliceStream.send(sendFrame("a-3", conversation, "after"));

            ServerFrame bad = aliceStream.answerTo("a-2");
            assertThat(bad.hasError()).isTrue();
            assertThat(bad.getError().getStatus().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
            assertThat(fieldsAtFault(bad)).containsExactly("frame.send_message.text");
            for (String good : List.of("a-1", "a-3")) {
                assertThat(aliceStream.answerTo(good).hasAck()).as(good).isTrue();
            }
            for (String good : List.of("b-1", "b-2")) {
                assertThat(bobStream.answerTo(good).hasAck()).as(good).isTrue();
            }
        } finally {
            aliceStream.close();
            bobStream.close();
        }

        assertThat(storedTexts(conversation)).containsExactlyInAnyOrder("before", "after", "bob one", "bob two");
        assertThat(jdbc.queryForList("select sequence from messages where conversation_id = ?::uuid order by sequence",
                Long.class, conversation.toString())).containsExactly(1L, 2L, 3L, 4L);
    }

    private static ClientFrame sendFrame(String correlationId, UUID conversation, String text) {
        return ClientFrame.newBuilder().setCorrelationId(correlationId)
                .setSendMessage(sendRequest(conversation, text)).build();
    }

    private static List<String> fieldsAtFault(ServerFrame error) {
        for (Any detail : error.getError().getStatus().getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                try {
                    return detail.unpack(BadRequest.class).getFieldViolationsList().stream()
                            .map(BadRequest.FieldViolation::getField).toList();
                } catch (InvalidProtocolBufferException broken) {
                    throw new AssertionError(broken);
                }
            }
        }
        throw new AssertionError("no BadRequest detail in " + error);
    }

    private static void assertRefused(StatusRuntimeException refused, String field) {
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(refused, BadRequest.class).getFieldViolationsList())
                .anySatisfy(violation -> {
                    assertThat(violation.getField()).isEqualTo(field);
                    assertThat(violation.getDescription()).contains("control characters");
                });
    }

    private List<String> storedTexts(UUID conversation) {
        return client.as(UUID.randomUUID()).listMessages(ListMessagesRequest.newBuilder()
                        .setConversationId(conversation.toString()).setPageSize(200).build())
                .getMessagesList().stream().map(Message::getText).toList();
    }
}
