package dev.cohort.chat.live;

import static dev.cohort.chat.live.LiveTestKit.channel;
import static dev.cohort.chat.live.LiveTestKit.live;
import static dev.cohort.chat.live.LiveTestKit.resume;
import static dev.cohort.chat.live.LiveTestKit.sendRequest;
import static dev.cohort.chat.live.LiveTestKit.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.ChatClient;
import dev.cohort.chat.ChatTestSupport;
import dev.cohort.chat.TestUsers;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client that stops reading while its conversation is busy: the server holds at most its budget of frames for
 * it, then cuts it off with RESOURCE_EXHAUSTED (SLOW_CONSUMER); a client that keeps up gets every message; the
 * cut-off client resumes by sequence and misses nothing.
 */
@SpringBootTest(classes = ChatApplication.class, properties = {
        "spring.config.name=" + ChatApplication.CONFIG_NAME,
        "cohort.chat.live.outbound-queue-frames=" + SlowConsumerTest.BUDGET,
        "cohort.chat.sends-per-second=1000",
        "cohort.chat.send-burst=1000"})
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowConsumerTest {

    static final int BUDGET = 32;
    static final int MESSAGES = 120;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, SlowConsumerTest.class, false);
    }

    @Autowired
    TestUsers users;
    @Autowired
    BoundGrpcPort port;
    @Autowired
    LiveDelivery delivery;
    ChatClient client;
    /** A connection with a small HTTP/2 window, so that a client that does not read stalls the server early. */
    ManagedChannel narrow;

    @BeforeAll
    void connectClients() {
        client = new ChatClient(port.get());
        narrow = NettyChannelBuilder.forAddress("127.0.0.1", port.get()).usePlaintext()
                .flowControlWindow(16 * 1024).build();
    }

    @AfterAll
    void disconnectClients() throws InterruptedException {
        client.close();
        narrow.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aClientThatStopsReadingIsCutOffWithinItsBudgetAndResumesWithoutLoss() {
        UUID owner = UUID.randomUUID();
        UUID slowReader = UUID.randomUUID();
        UUID conversation = channel(client, users, owner, false, slowReader);
        var keepingUp = subscribe(client, owner, resume(conversation, 0));
        FrameRecorder<SubscribeRequest, SubscribeResponse> stalled = FrameRecorder.stalled(SubscribeResponse::getFrame);
        ChatServiceGrpc.newStub(narrow)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ChatClient.bearer(slowReader, "STUDENT")))
                .subscribe(SubscribeRequest.newBuilder().addConversations(live(conversation)).build(), stalled);
        await().atMost(FrameRecorder.PATIENCE).until(() -> followers(conversation) == 2);
        int streamsBefore = delivery.hub().streamCount();

        String bulky = "x".repeat(3_900);
        for (int i = 1; i <= MESSAGES; i++) {
            client.as(owner).sendMessage(sendRequest(conversation, i + " " + bulky));
        }

        assertThat(keepingUp.awaitSequences(conversation, MESSAGES))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
        await().atMost(FrameRecorder.PATIENCE).until(() -> delivery.hub().streamCount() == streamsBefore - 1);
        assertThat(delivery.metrics().slowConsumers()).isEqualTo(1);
        assertThat(delivery.metrics().peakQueuedFrames()).isLessThanOrEqualTo(BUDGET);
        assertThat(delivery.hub().queuedFrames()).isLessThanOrEqualTo(BUDGET);

        // Reading again, the client gets what the transport still held, then the reason it was cut off.
        stalled.call().request(Integer.MAX_VALUE);
        StatusRuntimeException cutOff = stalled.awaitFailure();
        assertThat(cutOff.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(GrpcFailures.reason(cutOff)).isEqualTo("SLOW_CONSUMER");
        List<Long> received = stalled.sequences(conversation);
        assertThat(received).isEqualTo(LongStream.rangeClosed(1, received.size()).boxed().toList());
        assertThat(received.size()).isLessThan(MESSAGES);

        long last = received.isEmpty() ? 0 : received.get(received.size() - 1);
        var resumed = subscribe(client, slowReader, resume(conversation, last));
        assertThat(resumed.awaitSequences(conversation, (int) (MESSAGES - last)))
                .containsExactlyElementsOf(LongStream.rangeClosed(last + 1, MESSAGES).boxed().toList());
        assertThat(resumed.created(conversation)).extracting(Message::getText)
                .allSatisfy(text -> assertThat(text).endsWith(bulky));
        resumed.cancel();
        keepingUp.cancel();
    }

    private int followers(UUID conversation) {
        return (int) delivery.hub().streams().stream().filter(stream -> stream.follows(conversation)).count();
    }
}
