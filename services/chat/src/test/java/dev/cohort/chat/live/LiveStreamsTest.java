package dev.cohort.chat.live;

import static dev.cohort.chat.live.LiveTestKit.channel;
import static dev.cohort.chat.live.LiveTestKit.connect;
import static dev.cohort.chat.live.LiveTestKit.live;
import static dev.cohort.chat.live.LiveTestKit.resume;
import static dev.cohort.chat.live.LiveTestKit.send;
import static dev.cohort.chat.live.LiveTestKit.sendRequest;
import static dev.cohort.chat.live.LiveTestKit.subscribe;
import static dev.cohort.chat.live.LiveTestKit.subscribeCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.ChatClient;
import dev.cohort.chat.ChatTestSupport;
import dev.cohort.chat.TestUsers;
import dev.cohort.chat.live.LiveTestKit.ConnectStream;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.DeleteMessageRequest;
import dev.cohort.chat.v1.GetPresenceRequest;
import dev.cohort.chat.v1.MarkReadRequest;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.PingCommand;
import dev.cohort.chat.v1.Presence;
import dev.cohort.chat.v1.RemoveMemberRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.SendTypingRequest;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.chat.v1.SubscriptionState;
import dev.cohort.chat.v1.UnsubscribeCommand;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * Subscribe and Connect through real gRPC clients on real PostgreSQL and Redis: resume without loss or
 * duplicates, commands answered by correlation id, limits that refuse a command without ending the stream,
 * deleted text that never shows, typing and presence, and frames lost on the fan-out read back from PostgreSQL.
 * Limits are set low here so that reaching them is cheap.
 */
@SpringBootTest(classes = ChatApplication.class, properties = {
        "spring.config.name=" + ChatApplication.CONFIG_NAME,
        "cohort.chat.live.heartbeat-interval=300ms",
        "cohort.chat.live.idle-timeout=4s",
        "cohort.chat.live.replay-limit=20",
        "cohort.chat.live.replay-page-size=8",
        "cohort.chat.live.max-subscriptions-per-stream=3",
        "cohort.chat.live.max-streams-per-user=3",
        "cohort.chat.live.frames-per-second=5",
        "cohort.chat.live.frame-burst=15",
        "cohort.chat.live.gap-fill-delay=100ms",
        "cohort.chat.send-burst=100"})
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStreamsTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, LiveStreamsTest.class, false);
    }

    @Autowired
    TestUsers users;
    @Autowired
    BoundGrpcPort port;
    @Autowired
    LiveDelivery delivery;
    ChatClient client;

    @BeforeAll
    void connectClient() {
        client = new ChatClient(port.get());
    }

    @AfterAll
    void disconnectClient() throws InterruptedException {
        client.close();
    }

    // ---- resume ----

    @Test
    void resumingAfterADisconnectReplaysExactlyTheMissedMessagesThenContinuesLive() {
        UUID owner = UUID.randomUUID();
        UUID conversation = channel(client, owner, false);
        postNumbered(owner, conversation, 1, 3);
        var first = subscribe(client, owner, resume(conversation, 0));
        assertThat(first.awaitSequences(conversation, 3)).containsExactly(1L, 2L, 3L);
        first.cancel();

        postNumbered(owner, conversation, 4, 7);
        var second = subscribe(client, owner, resume(conversation, 3));
        assertThat(second.awaitSequences(conversation, 4)).containsExactly(4L, 5L, 6L, 7L);
        send(client, owner, conversation, "message 8");

        assertThat(second.awaitSequences(conversation, 5)).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(second.created(conversation)).extracting(Message::getText)
                .containsExactly("message 4", "message 5", "message 6", "message 7", "message 8");
        second.cancel();
    }

    @Test
    void aSubscriptionWithoutResumeGetsWhatIsPostedFromThenOn() {
        UUID owner = UUID.randomUUID();
        UUID conversation = channel(client, owner, false);
        postNumbered(owner, conversation, 1, 2);
        ConnectStream stream = connect(client, owner);

        ServerFrame ack = stream.command(subscribeCommand(live(conversation)));
        send(client, owner, conversation, "message 3");

        assertThat(ack.getAck().getSubscriptionsList()).containsExactly(SubscriptionState.newBuilder()
                .setConversationId(conversation.toString()).setLastSequence(2).build());
        assertThat(stream.frames().awaitSequences(conversation, 1)).containsExactly(3L);
        stream.close();
        assertThat(stream.frames().awaitClose()).isEqualTo(Status.OK);
    }

    @Test
    void moreMissedMessagesThanTheReplayLimitAreCutShortWithReplayTruncated() {
        UUID owner = UUID.randomUUID();
        UUID conversation = channel(client, owner, false);
        postNumbered(owner, conversation, 1, 25);
        ConnectStream stream = connect(client, owner);

        ServerFrame ack = stream.command(subscribeCommand(resume(conversation, 0)));
        send(client, owner, conversation, "message 26");

        assertThat(ack.getAck().getSubscriptions(0).getLastSequence()).isEqualTo(25);
        ServerFrame truncated = stream.frames().await(ServerFrame::hasReplayTruncated);
        assertThat(truncated.getReplayTruncated().getFirstMissingSequence()).isEqualTo(21);
        assertThat(truncated.getReplayTruncated().getLastSequence()).isEqualTo(25);
        List<Long> expected = new ArrayList<>(LongStream.rangeClosed(1, 20).boxed().toList());
        expected.add(26L);
        assertThat(stream.frames().awaitSequences(conversation, 21)).containsExactlyElementsOf(expected);
        stream.close();
    }

    @Test
    void aQuietSubscribeStreamGetsHeartbeats() {
        UUID owner = UUID.randomUUID();
        UUID conversation = channel(client, owner, false);
        var stream = subscribe(client, owner, live(conversation));

        assertThat(stream.await(ServerFrame::hasHeartbeat).getHeartbeat().getTime().getSeconds()).isPositive();
        stream.cancel();
    }

    // ---- commands ----

    @Test
    void everyCommandIsAnsweredWithItsCorrelationIdAndABadOneLeavesTheStreamOpen() {
        UUID owner = UUID.randomUUID();
        UUID conversation = channel(client, owner, true);
        UUID othersSecret = channel(client, UUID.randomUUID(), true);
        ConnectStream stream = connect(client, owner);
        stream.command(subscribeCommand(live(conversation)));

        ServerFrame sent = stream.command(ClientFrame.newBuilder().setSendMessage(sendRequest(conversation, "hello")));
        assertThat(sent.getAck().getMessage().getSequence()).isEqualTo(1);
        assertThat(sent.getAck().getMessage().getText()).isEqualTo("hello");
        assertThat(stream.frames().awaitSequences(conversation, 1)).containsExactly(1L);

        ServerFrame blank = stream.command(ClientFrame.newBuilder().setSendMessage(SendMessageRequest.newBuilder()
                .setConversationId(conversation.toString()).setText("   ").setClientMessageId("blank")));
        assertThat(blank.getError().getStatus().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(detail(blank, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField).contains("frame.send_message.text");

        ServerFrame hidden = stream.command(ClientFrame.newBuilder().setSendMessage(sendRequest(othersSecret, "hi")));
        assertThat(hidden.getError().getStatus().getCode()).isEqualTo(Code.NOT_FOUND_VALUE);
        assertThat(detail(hidden, ErrorInfo.class).getReason()).isEqualTo("CONVERSATION_NOT_FOUND");

        ServerFrame empty = stream.command(ClientFrame.newBuilder());
        assertThat(empty.getError().getStatus().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);

        ServerFrame read = stream.command(ClientFrame.newBuilder().setMarkRead(MarkReadRequest.newBuilder()
                .setConversationId(conversation.toString()).setSequence(1)));
        assertThat(read.getAck().getLastReadSequence()).isEqualTo(1);
        assertThat(stream.frames().await(ServerFrame::hasReadMarkerMoved).getReadMarkerMoved().getUserId())
                .isEqualTo(owner.toString());

        assertThat(stream.command(ClientFrame.newBuilder().setPing(PingCommand.getDefaultInstance())).hasAck())
                .isTrue();
        assertThat(stream.command(ClientFrame.newBuilder().setUnsubscribe(UnsubscribeCommand.newBuilder()
                .addConversationIds(conversation.toString()))).hasAck()).isTrue();
        assertThat(follows(owner, conversation)).isFalse();
        assertThat(stream.frames().isClosed()).isFalse();
        stream.close();
        assertThat(stream.frames().awaitClose()).isEqualTo(Status.OK);
    }

    @Test
    void pipelinedSendsAreAnsweredInCommandOrderAndNumberedInTheOrderSent() {
        UUID owner = UUID.randomUUID();
        UUID conversation = channel(client, owner, false);
        ConnectStream stream = connect(client, owner);
        List<String> ids = new ArrayList<>();
        // More than the stream takes at once (8): the rest wait in gRPC's flow control, not on the server.
        for (int i = 1; i <= 12; i++) {
            String id = "send-" + i;
            ids.add(id);
            stream.send(ClientFrame.newBuilder().setCorrelationId(id)
                    .setSendMessage(sendRequest(conversation, "pipelined " + i)).build());
        }

        ids.forEach(stream::answerTo);

        List<ServerFrame> answers = stream.frames().frames().stream().filter(ServerFrame::hasAck).toList();
        assertThat(answers).extracting(frame -> frame.getAck().getCorrelationId()).containsExactlyElementsOf(ids);
        assertThat(answers).extracting(frame -> frame.getAck().getMessage().getSequence())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());
        assertThat(answers).extracting(frame -> frame.getAck().getMessage().getText())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).mapToObj(i -> "pipelined " + i).toList());
        stream.close();
        assertThat(stream.frames().awaitClose()).isEqualTo(Status.OK);
    }

    @Test
    void aConversationTheCallerMayNotReadCannotBeFollowed() {
        UUID outsider = UUID.randomUUID();
        UUID secret = channel(client, UUID.randomUUID(), true);
        ConnectStream stream = connect(client, outsider);

        ServerFrame refused = stream.command(subscribeCommand(live(secret)));
        assertThat(refused.getError().getStatus().getCode()).isEqualTo(Code.NOT_FOUND_VALUE);
        assertThat(stream.command(ClientFrame.newBuilder().setPing(PingCommand.getDefaultInstance())).hasAck())
                .isTrue();
        stream.close();

        var browser = subscribe(client, outsider, live(secret));
        assertThat(browser.awaitClose().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void framesBeyondTheStreamsRateAreRefusedWithoutEndingIt() {
        UUID owner = UUID.randomUUID();
        ConnectStream stream = connect(client, owner);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "ping-" + i;
            ids.add(id);
            stream.send(ClientFrame.newBuilder().setCorrelationId(id).setPing(PingCommand.getDefaultInstance())
                    .build());
        }

        List<ServerFrame> answers = ids.stream().map(stream::answerTo).toList();

        assertThat(answers.stream().filter(ServerFrame::hasAck).count()).isGreaterThanOrEqualTo(15);
        ServerFrame limited = answers.stream().filter(ServerFrame::hasError).findFirst().orElseThrow();
        assertThat(limited.getError().getStatus().getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
        assertThat(detail(limited, ErrorInfo.class).getReason()).isEqualTo("RATE_LIMITED");
        assertThat(detail(limited, RetryInfo.class).getRetryDelay().getNanos()).isPositive();
        await().atMost(FrameRecorder.PATIENCE).untilAsserted(() -> assertThat(
                stream.command(ClientFrame.newBuilder().setPing(PingCommand.getDefaultInstance())).hasAck()).isTrue());
        stream.close();
    }

    @Test
    void aStreamFollowsAtMostItsLimitOfConversations() {
        UUID owner = UUID.randomUUID();
        UUID[] conversations = {channel(client, owner, false), channel(client, owner, false),
                channel(client, owner, false), channel(client, owner, false)};
        ConnectStream stream = connect(client, owner);
        stream.command(subscribeCommand(live(conversations[0]), live(conversations[1])));

        ServerFrame refused = stream.command(subscribeCommand(live(conversations[2]), live(conversations[3])));

        assertThat(refused.getError().getStatus().getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
        assertThat(detail(refused, ErrorInfo.class).getReason()).isEqualTo("TOO_MANY_SUBSCRIPTIONS");
        assertThat(follows(owner, conversations[2])).isFalse();
        assertThat(stream.command(subscribeCommand(live(conversations[2]))).hasAck()).isTrue();
        stream.close();
    }

    @Test
    void aUserHoldsAtMostItsLimitOfStreams() {
        UUID user = UUID.randomUUID();
        List<ConnectStream> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ConnectStream stream = connect(client, user);
            assertThat(stream.command(ClientFrame.newBuilder().setPing(PingCommand.getDefaultInstance())).hasAck())
                    .isTrue();
            open.add(stream);
        }

        ConnectStream fourth = connect(client, user);

        Status refused = fourth.frames().awaitClose();
        assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        open.forEach(ConnectStream::close);
        // The server forgets a closed stream just after the client sees it end; offline means all three are gone.
        await().atMost(FrameRecorder.PATIENCE).until(() -> !presence(user).get(0).getOnline());
        ConnectStream again = connect(client, user);
        assertThat(again.command(ClientFrame.newBuilder().setPing(PingCommand.getDefaultInstance())).hasAck()).isTrue();
        again.close();
    }

    @Test
    void aConnectStreamWithoutFramesForTheIdleTimeoutIsClosed() {
        ConnectStream stream = connect(client, UUID.randomUUID());
        stream.command(ClientFrame.newBuilder().setPing(PingCommand.getDefaultInstance()));

        assertThat(stream.frames().awaitClose().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }

    @Test
    void aStreamEndsWhenTheTokenThatOpenedItExpires() {
        UUID user = UUID.randomUUID();
        FrameRecorder<ConnectRequest, ConnectResponse> recorder = new FrameRecorder<>(ConnectResponse::getFrame);
        StreamObserver<ConnectRequest> requests = client.streamsWithTokenValidFor(Duration.ofSeconds(2), user)
                .connect(recorder);
        ConnectStream stream = new ConnectStream(recorder, requests);
        stream.command(ClientFrame.newBuilder().setPing(PingCommand.getDefaultInstance()));

        Status closed = stream.frames().awaitClose();
        assertThat(closed.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(closed.getDescription()).contains("token expired");
    }

    // ---- membership, deletion ----

    @Test
    void aMemberRemovedFromAPrivateChannelStopsFollowingIt() {
        UUID owner = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID conversation = channel(client, users, owner, true, member);
        ConnectStream stream = connect(client, member);
        stream.command(subscribeCommand(live(conversation)));

        client.as(owner).removeMember(RemoveMemberRequest.newBuilder().setConversationId(conversation.toString())
                .setUserId(member.toString()).build());

        assertThat(stream.frames().await(ServerFrame::hasMembersChanged).getMembersChanged().getRemovedUserIdsList())
                .containsExactly(member.toString());
        await().atMost(FrameRecorder.PATIENCE).until(() -> !follows(member, conversation));
        stream.close();
    }

    @Test
    void aDeletedMessageNeverShowsItsTextAgainLiveOrReplayed() {
        UUID owner = UUID.randomUUID();
        UUID reader = UUID.randomUUID();
        UUID conversation = channel(client, users, owner, false, reader);
        ConnectStream live = connect(client, reader);
        live.command(subscribeCommand(live(conversation)));
        send(client, owner, conversation, "keep this");
        Message secret = send(client, owner, conversation, "the secret");
        live.frames().awaitSequences(conversation, 2);

        client.as(owner).deleteMessage(DeleteMessageRequest.newBuilder().setMessageId(secret.getMessageId()).build());

        Message tombstone = live.frames().await(ServerFrame::hasMessageDeleted).getMessageDeleted().getMessage();
        assertThat(tombstone.getDeleted()).isTrue();
        assertThat(tombstone.getText()).isEmpty();
        var resumed = subscribe(client, reader, resume(conversation, 0));
        assertThat(resumed.awaitSequences(conversation, 2)).containsExactly(1L, 2L);
        assertThat(resumed.created(conversation).get(1).getDeleted()).isTrue();
        assertThat(resumed.frames()).allSatisfy(frame -> assertThat(frame.toString()).doesNotContain("the secret"));
        assertThat(live.frames().frames().subList(live.frames().frames().indexOf(
                live.frames().await(ServerFrame::hasMessageDeleted)), live.frames().frames().size()))
                .allSatisfy(frame -> assertThat(frame.toString()).doesNotContain("the secret"));
        resumed.cancel();
        live.close();
    }

    // ---- typing and presence ----

    @Test
    void typingReachesTheOtherMembersButNotTheTypist() {
        UUID owner = UUID.randomUUID();
        UUID peer = UUID.randomUUID();
        UUID conversation = channel(client, users, owner, false, peer);
        ConnectStream ownerStream = connect(client, owner);
        ConnectStream peerStream = connect(client, peer);
        ownerStream.command(subscribeCommand(live(conversation)));
        peerStream.command(subscribeCommand(live(conversation)));

        ownerStream.command(ClientFrame.newBuilder().setTyping(typing(conversation, true)));
        ServerFrame typing = peerStream.frames().await(frame -> frame.hasTypingChanged()
                && frame.getTypingChanged().getUserId().equals(owner.toString()));
        assertThat(typing.getTypingChanged().getTyping()).isTrue();
        assertThat(typing.getTypingChanged().getExpireTime().getSeconds()).isPositive();

        client.as(peer).sendTyping(typing(conversation, true));
        ownerStream.frames().await(frame -> frame.hasTypingChanged()
                && frame.getTypingChanged().getUserId().equals(peer.toString()));
        // Both went through the same fan-out listener in this order: the owner's own typing would be here by now.
        assertThat(ownerStream.frames().frames()).noneMatch(frame -> frame.hasTypingChanged()
                && frame.getTypingChanged().getUserId().equals(owner.toString()));

        ownerStream.command(ClientFrame.newBuilder().setTyping(typing(conversation, false)));
        peerStream.frames().await(frame -> frame.hasTypingChanged()
                && frame.getTypingChanged().getUserId().equals(owner.toString()) && !frame.getTypingChanged().getTyping());
        ownerStream.close();
        peerStream.close();
    }

    @Test
    void membersSeeEachOtherComeOnlineAndGoOfflineAndGetPresenceAgrees() {
        UUID owner = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        UUID conversation = channel(client, users, owner, false, late);
        ConnectStream ownerStream = connect(client, owner);
        ownerStream.command(subscribeCommand(live(conversation)));

        ConnectStream lateStream = connect(client, late);
        ServerFrame online = ownerStream.frames().await(frame -> frame.hasPresenceChanged()
                && frame.getPresenceChanged().getPresence().getUserId().equals(late.toString()));
        assertThat(online.getPresenceChanged().getPresence().getOnline()).isTrue();
        assertThat(presence(owner, late, stranger)).extracting(Presence::getOnline).containsExactly(true, true, false);

        lateStream.close();
        ServerFrame offline = ownerStream.frames().await(frame -> frame.hasPresenceChanged()
                && frame.getPresenceChanged().getPresence().getUserId().equals(late.toString())
                && !frame.getPresenceChanged().getPresence().getOnline());
        assertThat(offline.getPresenceChanged().getPresence().hasLastSeenTime()).isTrue();
        List<Presence> after = presence(late, stranger);
        assertThat(after.get(0).getOnline()).isFalse();
        assertThat(after.get(0).hasLastSeenTime()).isTrue();
        assertThat(after.get(1).hasLastSeenTime()).isFalse();
        ownerStream.close();
    }

    @Test
    void aReaderOfAPublicChannelWhoIsNoMemberGetsNoPresenceOfItsMembersUntilJoiningIt() {
        UUID owner = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID reader = UUID.randomUUID();
        users.registered(reader, java.time.Instant.now());
        UUID conversation = channel(client, users, owner, false, member);
        ConnectStream ownerStream = connect(client, owner);
        ownerStream.command(subscribeCommand(live(conversation)));
        ConnectStream readerStream = connect(client, reader);
        readerStream.command(subscribeCommand(live(conversation))); // a public channel: anyone may follow it

        ConnectStream memberStream = connect(client, member);
        ownerStream.frames().await(frame -> isPresenceOf(frame, member, true));
        // Published after the presence frame on the same fan-out: once it is here, the presence would be too.
        send(client, owner, conversation, "after the presence");
        readerStream.frames().awaitSequences(conversation, 1);
        assertThat(readerStream.frames().frames()).noneMatch(ServerFrame::hasPresenceChanged);

        client.as(reader).joinChannel(dev.cohort.chat.v1.JoinChannelRequest.newBuilder()
                .setConversationId(conversation.toString()).build());
        readerStream.frames().await(frame -> frame.hasMembersChanged()
                && frame.getMembersChanged().getAddedUserIdsList().contains(reader.toString()));
        memberStream.close();
        readerStream.frames().await(frame -> isPresenceOf(frame, member, false));
        ownerStream.close();
        readerStream.close();
    }

    private static boolean isPresenceOf(ServerFrame frame, UUID user, boolean online) {
        return frame.hasPresenceChanged() && frame.getPresenceChanged().getPresence().getUserId().equals(user.toString())
                && frame.getPresenceChanged().getPresence().getOnline() == online;
    }

    // ---- the fan-out loses frames ----

    @Test
    void messagesLostOnTheFanOutAreReadBackFromPostgreSQLInOrder() {
        UUID owner = UUID.randomUUID();
        UUID conversation = channel(client, owner, false);
        ConnectStream stream = connect(client, owner);
        stream.command(subscribeCommand(live(conversation)));
        send(client, owner, conversation, "message 1");
        stream.frames().awaitSequences(conversation, 1);
        long fillsBefore = delivery.metrics().gapFills();

        // Frames 2 and 3 are published while this replica does not listen; then 3 alone arrives.
        delivery.fanOut().stopListening();
        send(client, owner, conversation, "message 2");
        Message third = send(client, owner, conversation, "message 3");
        delivery.hub().dispatch(LiveEnvelope.of(conversation, LiveFrames.messageCreated(third)));

        assertThat(stream.frames().awaitSequences(conversation, 3)).containsExactly(1L, 2L, 3L);
        assertThat(delivery.metrics().gapFills()).isGreaterThan(fillsBefore);

        // Message 4 is published while nobody listens and nothing after it reveals the hole: the re-subscription
        // looks for it.
        delivery.fanOut().stopListening();
        send(client, owner, conversation, "message 4");
        delivery.fanOut().listen();
        assertThat(stream.frames().awaitSequences(conversation, 4)).containsExactly(1L, 2L, 3L, 4L);
        stream.close();
    }

    // ---- helpers ----

    private void postNumbered(UUID author, UUID conversation, int from, int to) {
        for (int i = from; i <= to; i++) {
            send(client, author, conversation, "message " + i);
        }
    }

    /** Whether a stream of {@code user} on this replica follows the conversation. */
    private boolean follows(UUID user, UUID conversation) {
        return delivery.hub().streams().stream()
                .anyMatch(stream -> stream.actor().userId().equals(user) && stream.follows(conversation));
    }

    private List<Presence> presence(UUID... users) {
        GetPresenceRequest.Builder request = GetPresenceRequest.newBuilder();
        for (UUID user : users) {
            request.addUserIds(user.toString());
        }
        // Asked by an admin, who sees everyone's presence (who else may is ChatVisibilityTest's subject).
        return client.asAdmin(UUID.randomUUID()).getPresence(request.build()).getPresencesList();
    }

    private static SendTypingRequest typing(UUID conversation, boolean typing) {
        return SendTypingRequest.newBuilder().setConversationId(conversation.toString()).setTyping(typing).build();
    }

    private static <T extends com.google.protobuf.Message> T detail(ServerFrame error, Class<T> type) {
        for (Any any : error.getError().getStatus().getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + error);
    }
}
