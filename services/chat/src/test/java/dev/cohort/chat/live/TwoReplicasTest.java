package dev.cohort.chat.live;

import static dev.cohort.chat.live.LiveTestKit.channel;
import static dev.cohort.chat.live.LiveTestKit.connect;
import static dev.cohort.chat.live.LiveTestKit.live;
import static dev.cohort.chat.live.LiveTestKit.resume;
import static dev.cohort.chat.live.LiveTestKit.send;
import static dev.cohort.chat.live.LiveTestKit.subscribe;
import static dev.cohort.chat.live.LiveTestKit.subscribeCommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.ChatClient;
import dev.cohort.chat.ChatTestSupport;
import dev.cohort.chat.TestUsers;
import dev.cohort.chat.live.LiveTestKit.ConnectStream;
import dev.cohort.chat.v1.GetPresenceRequest;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Several chat replicas on one PostgreSQL and one Redis (the test's context and more started beside it, as
 * separate applications): a message sent through one reaches the streams of every other in sequence order,
 * presence is the same everywhere, and a replica that stops tells its clients to reconnect, who then resume on
 * another without losing a message.
 */
@SpringBootTest(classes = ChatApplication.class, properties = "spring.config.name=" + ChatApplication.CONFIG_NAME)
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoReplicasTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, TwoReplicasTest.class, false);
    }

    @Autowired
    TestUsers users;
    @Autowired
    BoundGrpcPort port;
    @Autowired
    Environment environment;
    ChatClient clientA;
    ConfigurableApplicationContext replicaB;
    ChatClient clientB;

    @BeforeAll
    void startReplicas() {
        clientA = new ChatClient(port.get());
        replicaB = startReplica();
        clientB = new ChatClient(replicaB.getBean(BoundGrpcPort.class).get());
    }

    @AfterAll
    void stopReplicas() throws InterruptedException {
        clientA.close();
        clientB.close();
        replicaB.close();
    }

    @Test
    void messagesSentThroughEitherReplicaReachTheStreamsOfBothInSequenceOrder() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID reader = UUID.randomUUID();
        UUID conversation = channel(clientA, users, owner, false, reader);
        ConnectStream onB = connect(clientB, reader);
        ConnectStream onA = connect(clientA, owner);
        onB.command(subscribeCommand(live(conversation)));
        onA.command(subscribeCommand(live(conversation)));

        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> sending = new ArrayList<>();
        for (ChatClient via : List.of(clientA, clientB)) {
            sending.add(senders.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    send(via, owner, conversation, "via " + via + " #" + i);
                }
            }));
        }
        for (Future<?> done : sending) {
            done.get();
        }
        senders.shutdown();

        List<Long> all = LongStream.rangeClosed(1, 30).boxed().toList();
        assertThat(onB.frames().awaitSequences(conversation, 30)).containsExactlyElementsOf(all);
        assertThat(onA.frames().awaitSequences(conversation, 30)).containsExactlyElementsOf(all);
        onA.close();
        onB.close();
    }

    @Test
    void aUserOnlineOnOneReplicaIsOnlineForAllAndTheirPeersAreTold() {
        UUID owner = UUID.randomUUID();
        UUID peer = UUID.randomUUID();
        UUID conversation = channel(clientA, users, owner, false, peer);
        ConnectStream ownerOnA = connect(clientA, owner);
        ownerOnA.command(subscribeCommand(live(conversation)));

        ConnectStream peerOnB = connect(clientB, peer);

        ServerFrame online = ownerOnA.frames().await(frame -> frame.hasPresenceChanged()
                && frame.getPresenceChanged().getPresence().getUserId().equals(peer.toString()));
        assertThat(online.getPresenceChanged().getPresence().getOnline()).isTrue();
        assertThat(clientA.as(owner).getPresence(GetPresenceRequest.newBuilder().addUserIds(peer.toString()).build())
                .getPresences(0).getOnline()).isTrue();
        peerOnB.close();
        ownerOnA.close();
    }

    @Test
    void aStoppingReplicaTellsItsClientsToReconnectAndTheyResumeElsewhereWithoutLoss() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID reader = UUID.randomUUID();
        UUID conversation = channel(clientA, users, owner, false, reader);
        ConfigurableApplicationContext replicaC = startReplica();
        try (ChatClient clientC = new ChatClient(replicaC.getBean(BoundGrpcPort.class).get())) {
            ConnectStream native_ = connect(clientC, reader);
            native_.command(subscribeCommand(resume(conversation, 0)));
            var browser = subscribe(clientC, reader, resume(conversation, 0));
            send(clientA, owner, conversation, "before");
            native_.frames().awaitSequences(conversation, 1);
            browser.awaitSequences(conversation, 1);

            replicaC.close();

            for (FrameRecorder<?, ?> stream : List.of(native_.frames(), browser)) {
                assertThat(stream.awaitClose()).isEqualTo(Status.OK);
                List<ServerFrame> frames = stream.frames();
                assertThat(frames.get(frames.size() - 1).hasReconnect()).isTrue();
            }
        }
        send(clientA, owner, conversation, "while reconnecting");

        var resumed = subscribe(clientB, reader, resume(conversation, 1));
        send(clientA, owner, conversation, "after");
        assertThat(resumed.awaitSequences(conversation, 2)).containsExactly(2L, 3L);
        resumed.cancel();
    }

    private ConfigurableApplicationContext startReplica() {
        return ChatTestSupport.startReplica(environment);
    }
}
