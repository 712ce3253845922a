package dev.cohort.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.RetryInfo;
import dev.cohort.chat.app.FloodGuard;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.redis.SpamPolicy;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Moderation's spam policy as chat enforces it (ADR 0058): published in Redis as moderation does, picked up in the
 * background, and then the same text sent too often or links sent in bulk are slowed with RESOURCE_EXHAUSTED and
 * RetryInfo, while an ordinary conversation (different texts, a link now and then) goes through untouched.
 */
@SpringBootTest(classes = ChatApplication.class, properties = {
        "spring.config.name=" + ChatApplication.CONFIG_NAME,
        "cohort.chat.spam-policy-refresh=100ms"})
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpamPolicyTest {

    private static final SpamPolicy POLICY = new SpamPolicy(3, 4, Duration.ofMinutes(10));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, SpamPolicyTest.class, false);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    RedissonClient redis;
    @Autowired
    FloodGuard guard;
    ChatClient client;

    @BeforeAll
    void publishPolicy() {
        client = new ChatClient(port.get());
        SpamPolicy.publish(redis, POLICY);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> guard.policy().equals(Optional.of(POLICY)));
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void theSameTextAgainAndAgainIsSlowedWithRetryInfo() {
        UUID spammer = UUID.randomUUID();
        String conversation = channel(spammer);
        for (int i = 0; i < POLICY.maxIdenticalMessages(); i++) {
            send(spammer, conversation, "JOIN MY SERVER NOW");
        }
        // Case and spacing do not make it another text.
        StatusRuntimeException slowed = GrpcFailures.failure(() -> send(spammer, conversation, "join  my server now"));
        assertThat(slowed.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(GrpcFailures.reason(slowed)).isEqualTo("REPEATED_MESSAGE");
        Duration retry = Duration.ofSeconds(GrpcFailures.detail(slowed, RetryInfo.class).getRetryDelay().getSeconds());
        assertThat(retry).isPositive().isLessThanOrEqualTo(POLICY.window());
        // Other words still go through.
        send(spammer, conversation, "sorry, got carried away");
    }

    @Test
    void aFloodOfLinksIsSlowed() {
        UUID spammer = UUID.randomUUID();
        String conversation = channel(spammer);
        send(spammer, conversation, "deals: https://a.example/1 https://a.example/2");
        send(spammer, conversation, "more: www.b.example/3 and http://c.example/4");
        StatusRuntimeException slowed = GrpcFailures.failure(() -> send(spammer, conversation,
                "last one https://d.example/5"));
        assertThat(slowed.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(GrpcFailures.reason(slowed)).isEqualTo("TOO_MANY_LINKS");
        assertThat(GrpcFailures.detail(slowed, RetryInfo.class).hasRetryDelay()).isTrue();
    }

    @Test
    void anOrdinaryConversationIsNotAffected() {
        UUID student = UUID.randomUUID();
        String conversation = channel(student);
        for (int i = 0; i < 20; i++) {
            send(student, conversation, "thought number " + i + " about the assignment");
        }
        send(student, conversation, "notes are at https://notes.example/week-3");
        send(student, conversation, "ok");
        send(student, conversation, "ok!");
    }

    private String channel(UUID owner) {
        return client.as(owner).createChannel(CreateChannelRequest.newBuilder().setName("spam " + UUID.randomUUID())
                .build()).getConversation().getConversationId();
    }

    private void send(UUID author, String conversation, String text) {
        client.as(author).sendMessage(SendMessageRequest.newBuilder().setConversationId(conversation).setText(text)
                .setClientMessageId(UUID.randomUUID().toString()).build());
    }
}
