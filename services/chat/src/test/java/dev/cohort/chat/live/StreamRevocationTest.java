package dev.cohort.chat.live;

import static dev.cohort.chat.live.LiveTestKit.channel;
import static dev.cohort.chat.live.LiveTestKit.live;
import static dev.cohort.chat.live.LiveTestKit.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import dev.cohort.auth.RevocationSignal;
import dev.cohort.auth.TokenDenyList;
import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.ChatClient;
import dev.cohort.chat.ChatTestSupport;
import dev.cohort.chat.TestUsers;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.UUID;
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
 * Revoked sessions lose their live streams on every replica within 2 seconds (ADR 0021). Two chat replicas on one
 * Redis; the test does what identity does on sign-out everywhere, suspension, a role or a password change (raise
 * the user's minimum token version in the deny-list, then signal the user) or on a sign-out (deny-list the one
 * token, then signal), through the same library calls. The periodic sweep is slowed to 10 minutes here, so only
 * the signal can end a stream in time, except in the test of a missed signal, which runs a replica that sweeps
 * every second.
 */
@SpringBootTest(classes = ChatApplication.class, properties = {
        "spring.config.name=" + ChatApplication.CONFIG_NAME,
        "cohort.chat.live.revocation-sweep=10m"})
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamRevocationTest {

    static final Duration WITHIN = Duration.ofSeconds(2);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, StreamRevocationTest.class, false);
    }

    @Autowired
    TestUsers users;
    @Autowired
    BoundGrpcPort port;
    @Autowired
    Environment environment;
    @Autowired
    TokenDenyList denyList;
    @Autowired
    RevocationSignal signal;
    ChatClient clientA;
    ConfigurableApplicationContext replicaB;
    ChatClient clientB;

    @BeforeAll
    void startReplicas() {
        clientA = new ChatClient(port.get());
        replicaB = startReplica("10m");
        clientB = new ChatClient(replicaB.getBean(BoundGrpcPort.class).get());
    }

    @AfterAll
    void stopReplicas() throws InterruptedException {
        clientA.close();
        clientB.close();
        replicaB.close();
    }

    @Test
    void retiringAUsersTokensEndsTheirStreamsOnEveryReplicaAndNobodyElses() {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID conversation = channel(clientA, users, other, false, user);
        var onA = subscribe(clientA, token(user), conversation);
        var onB = subscribe(clientB, token(user), conversation);
        var othersStream = subscribe(clientA, token(other), conversation);
        awaitLive(onA, onB, othersStream);

        // What identity does on sign-out everywhere, suspension, a role change and a password change.
        denyList.revokeVersionsBelow(user.toString(), 1, Duration.ofMinutes(15));
        signal.publish(user.toString());

        assertEndedAsRevoked(onA);
        assertEndedAsRevoked(onB);
        send(clientA, other, conversation, "still here");
        assertThat(othersStream.awaitSequences(conversation, 1)).containsExactly(1L);
        assertThat(othersStream.isClosed()).isFalse();
        othersStream.cancel();
    }

    @Test
    void signingOutOneSessionEndsOnlyTheStreamsOfItsToken() {
        UUID user = UUID.randomUUID();
        UUID conversation = channel(clientA, user, false);
        String signedOut = token(user);
        var ofSignedOut = subscribe(clientB, signedOut, conversation);
        var ofOtherSession = subscribe(clientB, token(user), conversation);
        awaitLive(ofSignedOut, ofOtherSession);

        denyList.revokeToken(tokenId(signedOut), java.time.Instant.now().plus(Duration.ofMinutes(10)));
        signal.publish(user.toString());

        assertEndedAsRevoked(ofSignedOut);
        send(clientA, user, conversation, "from the other session");
        assertThat(ofOtherSession.awaitSequences(conversation, 1)).containsExactly(1L);
        assertThat(ofOtherSession.isClosed()).isFalse();
        ofOtherSession.cancel();
    }

    @Test
    void aRevocationWhoseSignalWasLostIsFoundByTheSweep() throws InterruptedException {
        ConfigurableApplicationContext sweeping = startReplica("1s");
        try (ChatClient client = new ChatClient(sweeping.getBean(BoundGrpcPort.class).get())) {
            UUID user = UUID.randomUUID();
            UUID conversation = channel(client, user, false);
            var stream = subscribe(client, token(user), conversation);
            awaitLive(stream);

            denyList.revokeVersionsBelow(user.toString(), 1, Duration.ofMinutes(15)); // and no signal

            await().atMost(Duration.ofSeconds(5)).until(stream::isClosed);
            assertThat(GrpcFailures.reason(stream.awaitFailure())).isEqualTo(StreamRevocations.REASON);
        } finally {
            sweeping.close();
        }
    }

    private static String token(UUID user) {
        return ChatTestSupport.TOKENS.token(user.toString(), "STUDENT");
    }

    private static String tokenId(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static FrameRecorder<SubscribeRequest, SubscribeResponse> subscribe(ChatClient client, String token,
                                                                                UUID conversation) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        FrameRecorder<SubscribeRequest, SubscribeResponse> recorder = new FrameRecorder<>(SubscribeResponse::getFrame);
        ChatServiceGrpc.newStub(client.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .subscribe(SubscribeRequest.newBuilder().addConversations(live(conversation)).build(), recorder);
        return recorder;
    }

    /** The streams are open and registered: each has had its first heartbeat. */
    @SafeVarargs
    private static void awaitLive(FrameRecorder<SubscribeRequest, SubscribeResponse>... streams) {
        for (var stream : streams) {
            stream.await(frame -> frame.hasHeartbeat());
        }
    }

    /** Ends with UNAUTHENTICATED (SESSION_REVOKED) within 2 s of the revocation: awaited, never slept. */
    private static void assertEndedAsRevoked(FrameRecorder<SubscribeRequest, SubscribeResponse> stream) {
        await().atMost(WITHIN).until(stream::isClosed);
        var failure = stream.awaitFailure();
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(GrpcFailures.reason(failure)).isEqualTo(StreamRevocations.REASON);
    }

    private ConfigurableApplicationContext startReplica(String sweep) {
        return ChatTestSupport.startReplica(environment, "--cohort.chat.live.revocation-sweep=" + sweep);
    }
}
