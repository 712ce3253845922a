package dev.cohort.chat;

import static dev.cohort.testkit.grpc.GrpcFailures.detail;
import static dev.cohort.testkit.grpc.GrpcFailures.failure;
import static dev.cohort.testkit.grpc.GrpcFailures.reason;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import com.google.rpc.BadRequest;
import dev.cohort.chat.app.GroupConversations;
import dev.cohort.chat.v1.AddMembersRequest;
import dev.cohort.chat.v1.AddReactionRequest;
import dev.cohort.chat.v1.ArchiveConversationRequest;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.ConversationSubscription;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.DeleteMessageRequest;
import dev.cohort.chat.v1.EditMessageRequest;
import dev.cohort.chat.v1.GetConversationRequest;
import dev.cohort.chat.v1.GetPresenceRequest;
import dev.cohort.chat.v1.JoinChannelRequest;
import dev.cohort.chat.v1.LeaveConversationRequest;
import dev.cohort.chat.v1.ListConversationMembersRequest;
import dev.cohort.chat.v1.ListConversationMembersResponse;
import dev.cohort.chat.v1.ListMessagesRequest;
import dev.cohort.chat.v1.ListThreadRequest;
import dev.cohort.chat.v1.MarkReadRequest;
import dev.cohort.chat.v1.Member;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.OpenDirectRequest;
import dev.cohort.chat.v1.PinMessageRequest;
import dev.cohort.chat.v1.Presence;
import dev.cohort.chat.v1.RemoveMemberRequest;
import dev.cohort.chat.v1.RemoveReactionRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.SendTypingRequest;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import dev.cohort.chat.v1.UnpinMessageRequest;
import dev.cohort.testkit.Concurrently;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a caller may not see answers exactly as what does not exist, on every RPC that takes an id; members are
 * registered users, capped per conversation even under concurrent adds, and listed a page at a time; anyone
 * leaves a channel; presence shows only to people who share a conversation (ADR 0024). Real gRPC server,
 * PostgreSQL and Redis.
 */
@SpringBootTest(classes = ChatApplication.class, properties = {
        "spring.config.name=" + ChatApplication.CONFIG_NAME,
        "cohort.chat.max-members=" + ChatVisibilityTest.MAX_MEMBERS})
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatVisibilityTest {

    static final int MAX_MEMBERS = 30;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, ChatVisibilityTest.class, false);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    TestUsers users;
    @Autowired
    GroupConversations groups;
    @Autowired
    TransactionTemplate transactions;
    ChatClient client;

    @BeforeAll
    void connect() {
        client = new ChatClient(port.get());
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        client.close();
    }

    // ---- defect 3: invisible = absent ----

    /** A call that takes one id, made as {@code caller} with {@code id}. */
    private interface Probe {
        void call(ChatServiceGrpc.ChatServiceBlockingStub caller, String id);
    }

    @Test
    void everyRpcTakingAConversationIdAnswersAnUnreadableConversationExactlyAsAMissingOne() {
        UUID owner = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        UUID friend = registered(UUID.randomUUID());
        Conversation privateChannel = channel(owner, true);
        send(owner, privateChannel.getConversationId(), "secret");
        String direct = client.as(owner).openDirect(OpenDirectRequest.newBuilder()
                .addParticipantUserIds(friend.toString()).build()).getConversation().getConversationId();
        String group = groupConversation(owner, friend);

        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("GetConversation", (as, id) -> as.getConversation(
                GetConversationRequest.newBuilder().setConversationId(id).build()));
        probes.put("ListMessages", (as, id) -> as.listMessages(
                ListMessagesRequest.newBuilder().setConversationId(id).build()));
        probes.put("ListConversationMembers", (as, id) -> as.listConversationMembers(
                ListConversationMembersRequest.newBuilder().setConversationId(id).build()));
        probes.put("JoinChannel", (as, id) -> as.joinChannel(
                JoinChannelRequest.newBuilder().setConversationId(id).build()));
        probes.put("AddMembers", (as, id) -> as.addMembers(AddMembersRequest.newBuilder().setConversationId(id)
                .addUserIds(friend.toString()).build()));
        probes.put("RemoveMember", (as, id) -> as.removeMember(RemoveMemberRequest.newBuilder().setConversationId(id)
                .setUserId(owner.toString()).build()));
        probes.put("LeaveConversation", (as, id) -> as.leaveConversation(
                LeaveConversationRequest.newBuilder().setConversationId(id).build()));
        probes.put("ArchiveConversation", (as, id) -> as.archiveConversation(
                ArchiveConversationRequest.newBuilder().setConversationId(id).build()));
        probes.put("SendMessage", (as, id) -> as.sendMessage(SendMessageRequest.newBuilder().setConversationId(id)
                .setText("hello?").setClientMessageId(UUID.randomUUID().toString()).build()));
        probes.put("MarkRead", (as, id) -> as.markRead(MarkReadRequest.newBuilder().setConversationId(id)
                .setSequence(1).build()));
        probes.put("SendTyping", (as, id) -> as.sendTyping(SendTypingRequest.newBuilder().setConversationId(id)
                .setTyping(true).build()));
        // The stream's first frame is a heartbeat (it carries the headers); the refusal ends the stream after it.
        probes.put("Subscribe", (as, id) -> as.subscribe(SubscribeRequest.newBuilder().addConversations(
                ConversationSubscription.newBuilder().setConversationId(id)).build()).forEachRemaining(frame -> { }));

        for (Map.Entry<String, Probe> probe : probes.entrySet()) {
            for (String hidden : List.of(privateChannel.getConversationId(), direct, group)) {
                assertAnswersAsMissing(probe.getKey(), outsider, probe.getValue(), hidden);
            }
        }
    }

    @Test
    void everyRpcTakingAMessageIdAnswersAMessageOfAnUnreadableConversationExactlyAsAMissingOne() {
        UUID owner = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        UUID friend = registered(UUID.randomUUID());
        Message inPrivate = send(owner, channel(owner, true).getConversationId(), "secret");
        String group = groupConversation(owner, friend);
        Message inGroup = send(owner, group, "group secret");
        // The outsider's own channel, to reply in: a reply to another conversation's message must not tell
        // whether that message exists.
        String own = channel(outsider, false).getConversationId();

        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("EditMessage", (as, id) -> as.editMessage(EditMessageRequest.newBuilder().setMessageId(id)
                .setText("mine now").build()));
        probes.put("DeleteMessage", (as, id) -> as.deleteMessage(DeleteMessageRequest.newBuilder().setMessageId(id)
                .build()));
        probes.put("AddReaction", (as, id) -> as.addReaction(AddReactionRequest.newBuilder().setMessageId(id)
                .setEmoji("👀").build()));
        probes.put("RemoveReaction", (as, id) -> as.removeReaction(RemoveReactionRequest.newBuilder()
                .setMessageId(id).setEmoji("👀").build()));
        probes.put("PinMessage", (as, id) -> as.pinMessage(PinMessageRequest.newBuilder().setMessageId(id).build()));
        probes.put("UnpinMessage", (as, id) -> as.unpinMessage(UnpinMessageRequest.newBuilder().setMessageId(id)
                .build()));
        probes.put("ListThread", (as, id) -> as.listThread(ListThreadRequest.newBuilder().setMessageId(id).build()));
        probes.put("SendMessage reply", (as, id) -> as.sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(own).setText("re").setClientMessageId(UUID.randomUUID().toString())
                .setReplyToMessageId(id).build()));

        for (Map.Entry<String, Probe> probe : probes.entrySet()) {
            for (Message hidden : List.of(inPrivate, inGroup)) {
                assertAnswersAsMissing(probe.getKey(), outsider, probe.getValue(), hidden.getMessageId());
            }
        }
    }

    @Test
    void aReplyToAVisibleMessageOfAnotherConversationIsNotFoundLikeAMissingOne() {
        UUID author = UUID.randomUUID();
        Message elsewhere = send(author, channel(author, false).getConversationId(), "over here");
        String here = channel(author, false).getConversationId();
        StatusRuntimeException refused = failure(() -> client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(here).setText("re").setClientMessageId(UUID.randomUUID().toString())
                .setReplyToMessageId(elsewhere.getMessageId()).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(refused)).isEqualTo("MESSAGE_NOT_FOUND");
    }

    @Test
    void aPublicChannelsNonMembersStillLearnTheyMustJoinFirst() {
        UUID owner = UUID.randomUUID();
        Conversation open = channel(owner, false);
        StatusRuntimeException refused = failure(() -> send(UUID.randomUUID(), open.getConversationId(), "hi"));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(refused)).isEqualTo("NOT_A_MEMBER");
    }

    /**
     * The full status (code, message, every detail) of {@code probe} with {@code hidden} equals, byte for byte,
     * that with an id never used, once each id is replaced by a placeholder (messages name the id asked for).
     */
    private void assertAnswersAsMissing(String rpc, UUID caller, Probe probe, String hidden) {
        String missing = UUID.randomUUID().toString();
        String forHidden = fullStatus(() -> probe.call(client.as(caller), hidden), hidden);
        String forMissing = fullStatus(() -> probe.call(client.as(caller), missing), missing);
        assertThat(forHidden).as(rpc + " on an unreadable id").isEqualTo(forMissing);
        assertThat(forMissing).as(rpc).contains("NOT_FOUND");
    }

    private static String fullStatus(Runnable call, String id) {
        StatusRuntimeException refused = failure(call);
        com.google.rpc.Status status = StatusProto.fromThrowable(refused);
        assertThat(status).isNotNull();
        return (refused.getStatus().getCode() + "\n" + TextFormat.printer().printToString(status)).replace(id, "<id>");
    }

    // ---- defect 8: members ----

    @Test
    void onlyRegisteredUsersAreAddedAndEachUnknownOneIsNamed() {
        UUID owner = UUID.randomUUID();
        UUID known = registered(UUID.randomUUID());
        UUID stranger = UUID.randomUUID();
        Conversation channel = channel(owner, true);
        StatusRuntimeException refused = failure(() -> client.as(owner).addMembers(AddMembersRequest.newBuilder()
                .setConversationId(channel.getConversationId()).addUserIds(known.toString())
                .addUserIds(stranger.toString()).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(refused)).isEqualTo("UNKNOWN_USER");
        assertThat(detail(refused, BadRequest.class).getFieldViolationsList()).singleElement().satisfies(v -> {
            assertThat(v.getField()).isEqualTo("user_ids[1]");
            assertThat(v.getDescription()).contains(stranger.toString());
        });
        assertThat(memberIds(owner, channel.getConversationId())).as("nothing added")
                .containsExactly(owner.toString());

        StatusRuntimeException create = failure(() -> client.as(owner).createChannel(CreateChannelRequest.newBuilder()
                .setName("with a stranger").addMemberUserIds(stranger.toString()).build()));
        assertThat(reason(create)).isEqualTo("UNKNOWN_USER");
        StatusRuntimeException direct = failure(() -> client.as(owner).openDirect(OpenDirectRequest.newBuilder()
                .addParticipantUserIds(known.toString()).addParticipantUserIds(stranger.toString()).build()));
        assertThat(detail(direct, BadRequest.class).getFieldViolations(0).getField())
                .isEqualTo("participant_user_ids[1]");
    }

    @Test
    void concurrentAddsAndJoinsNeverOvershootTheMemberCap() throws Exception {
        UUID owner = UUID.randomUUID();
        Conversation channel = channel(owner, false);
        String id = channel.getConversationId();
        List<UUID> candidates = IntStream.range(0, 2 * MAX_MEMBERS).mapToObj(i -> registered(UUID.randomUUID()))
                .toList();
        List<Status.Code> outcomes = Concurrently.run(candidates.size(), i -> {
            try {
                if (i % 2 == 0) {
                    client.as(owner).addMembers(AddMembersRequest.newBuilder().setConversationId(id)
                            .addUserIds(candidates.get(i).toString()).build());
                } else {
                    client.as(candidates.get(i)).joinChannel(JoinChannelRequest.newBuilder().setConversationId(id)
                            .build());
                }
                return Status.Code.OK;
            } catch (StatusRuntimeException refused) {
                assertThat(reason(refused)).isEqualTo("TOO_MANY_MEMBERS");
                return refused.getStatus().getCode();
            }
        });
        assertThat(outcomes.stream().filter(Status.Code.OK::equals).count()).isEqualTo(MAX_MEMBERS - 1);
        assertThat(outcomes).containsOnly(Status.Code.OK, Status.Code.FAILED_PRECONDITION);
        assertThat(client.as(owner).getConversation(GetConversationRequest.newBuilder().setConversationId(id).build())
                .getConversation().getMemberCount()).isEqualTo(MAX_MEMBERS);
        assertThat(memberIds(owner, id)).hasSize(MAX_MEMBERS);
    }

    @Test
    void aBatchThatWouldOvershootTheCapAddsNoOne() {
        UUID owner = UUID.randomUUID();
        String id = channel(owner, true).getConversationId();
        AddMembersRequest.Builder tooMany = AddMembersRequest.newBuilder().setConversationId(id);
        IntStream.range(0, MAX_MEMBERS).forEach(i -> tooMany.addUserIds(registered(UUID.randomUUID()).toString()));
        StatusRuntimeException refused = failure(() -> client.as(owner).addMembers(tooMany.build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(refused)).isEqualTo("TOO_MANY_MEMBERS");
        assertThat(memberIds(owner, id)).containsExactly(owner.toString());
    }

    @Test
    void membersArePagedInJoinOrderAndViewsCarryOnlyAPreviewAndTheCount() {
        UUID owner = UUID.randomUUID();
        UUID[] others = IntStream.range(0, 24).mapToObj(i -> registered(UUID.randomUUID())).toArray(UUID[]::new);
        Conversation channel = channel(owner, true, others);
        assertThat(channel.getMemberCount()).isEqualTo(25);
        assertThat(channel.getMembersList()).extracting(Member::getUserId).containsExactly(
                IntStream.range(0, 8).mapToObj(i -> i == 0 ? owner.toString() : others[i - 1].toString())
                        .toArray(String[]::new));

        List<String> expected = new ArrayList<>(List.of(owner.toString()));
        for (UUID other : others) {
            expected.add(other.toString());
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListConversationMembersResponse page = client.as(others[3]).listConversationMembers(
                    ListConversationMembersRequest.newBuilder().setConversationId(channel.getConversationId())
                            .setPageSize(10).setPageToken(token).build());
            page.getMembersList().forEach(member -> seen.add(member.getUserId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void aForgedOrForeignMemberPageTokenIsRefused() {
        UUID owner = UUID.randomUUID();
        UUID[] others = IntStream.range(0, 3).mapToObj(i -> registered(UUID.randomUUID())).toArray(UUID[]::new);
        String first = channel(owner, false, others).getConversationId();
        String second = channel(owner, false, others).getConversationId();
        String token = client.as(owner).listConversationMembers(ListConversationMembersRequest.newBuilder()
                .setConversationId(first).setPageSize(1).build()).getNextPageToken();
        assertThat(token).isNotEmpty();
        for (String bad : List.of("garbage!", "AAAA", token)) {
            StatusRuntimeException refused = failure(() -> client.as(owner).listConversationMembers(
                    ListConversationMembersRequest.newBuilder().setConversationId(second).setPageToken(bad).build()));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(reason(refused)).isEqualTo("INVALID_PAGE_TOKEN");
        }
    }

    @Test
    void anyMemberLeavesAnyChannelButDirectsAndGroupsKeepTheirOwnRules() {
        UUID owner = UUID.randomUUID();
        UUID member = registered(UUID.randomUUID());
        for (boolean privateChannel : List.of(true, false)) {
            Conversation channel = channel(owner, privateChannel, member);
            client.as(member).leaveConversation(LeaveConversationRequest.newBuilder()
                    .setConversationId(channel.getConversationId()).build());
            assertThat(memberIds(owner, channel.getConversationId())).containsExactly(owner.toString());
            client.as(owner).leaveConversation(LeaveConversationRequest.newBuilder()
                    .setConversationId(channel.getConversationId()).build());
        }
        String direct = client.as(owner).openDirect(OpenDirectRequest.newBuilder()
                .addParticipantUserIds(member.toString()).build()).getConversation().getConversationId();
        StatusRuntimeException fixed = failure(() -> client.as(member).leaveConversation(
                LeaveConversationRequest.newBuilder().setConversationId(direct).build()));
        assertThat(reason(fixed)).isEqualTo("DIRECT_MEMBERS_FIXED");
        String group = groupConversation(owner, member);
        StatusRuntimeException managed = failure(() -> client.as(member).leaveConversation(
                LeaveConversationRequest.newBuilder().setConversationId(group).build()));
        assertThat(reason(managed)).isEqualTo("MANAGED_BY_GROUP");
    }

    // ---- defect 10: presence ----

    @Test
    void presenceShowsOnlyToPeopleWhoShareAConversationAndToOthersAsForAnUnknownUser() {
        UUID online = UUID.randomUUID();
        UUID peer = registered(UUID.randomUUID());
        UUID groupMate = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        Conversation shared = channel(online, true, peer);
        groupConversation(groupMate, online);
        Context.CancellableContext stream = Context.current().withCancellation();
        try {
            stream.run(() -> client.streamsAs(online).subscribe(SubscribeRequest.newBuilder().addConversations(
                    ConversationSubscription.newBuilder().setConversationId(shared.getConversationId())).build(),
                    new IgnoringObserver()));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> presenceOf(peer, online).getOnline());
            assertThat(presenceOf(groupMate, online).getOnline()).as("sharing a group's conversation").isTrue();
            assertThat(presenceOf(online, online).getOnline()).as("oneself").isTrue();
            assertThat(presenceOf(UUID.randomUUID(), online).getOnline()).as("nobody").isFalse();

            UUID unknown = UUID.randomUUID();
            Presence hidden = presenceOf(stranger, online);
            Presence none = presenceOf(stranger, unknown);
            assertThat(hidden.toBuilder().setUserId("<id>").build())
                    .isEqualTo(none.toBuilder().setUserId("<id>").build());
            assertThat(hidden.getOnline()).isFalse();
            assertThat(hidden.hasLastSeenTime()).isFalse();

            client.as(stranger).joinChannel(JoinChannelRequest.newBuilder()
                    .setConversationId(channel(online, false).getConversationId()).build());
            assertThat(presenceOf(stranger, online).getOnline()).as("once they share a channel").isTrue();
        } finally {
            stream.cancel(null);
        }
    }

    private Presence presenceOf(UUID asker, UUID user) {
        return client.as(asker).getPresence(GetPresenceRequest.newBuilder().addUserIds(user.toString()).build())
                .getPresences(0);
    }

    /** A stream observer for a stream kept open only to make its user online. */
    private static final class IgnoringObserver implements StreamObserver<SubscribeResponse> {
        @Override
        public void onNext(SubscribeResponse value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    // ---- helpers ----

    private UUID registered(UUID user) {
        users.registered(user, Instant.now());
        return user;
    }

    /** A group conversation as the group service's events make it: {@code owner} and {@code members}. */
    private String groupConversation(UUID owner, UUID... members) {
        UUID groupId = UUID.randomUUID();
        List<UUID> all = new ArrayList<>(List.of(owner));
        all.addAll(List.of(members));
        transactions.executeWithoutResult(status -> groups.membersAre(groupId, "group " + groupId, owner, 1, all));
        return client.as(owner).listConversations(dev.cohort.chat.v1.ListConversationsRequest.newBuilder()
                        .setPageSize(100).build()).getConversationsList().stream()
                .filter(c -> c.getGroupId().equals(groupId.toString())).findFirst().orElseThrow()
                .getConversationId();
    }

    private Conversation channel(UUID owner, boolean privateChannel, UUID... members) {
        for (UUID member : members) {
            registered(member);
        }
        CreateChannelRequest.Builder request = CreateChannelRequest.newBuilder().setName("visibility "
                + UUID.randomUUID()).setPrivate(privateChannel);
        for (UUID member : members) {
            request.addMemberUserIds(member.toString());
        }
        return client.as(owner).createChannel(request.build()).getConversation();
    }

    private Message send(UUID author, String conversationId, String text) {
        return client.as(author).sendMessage(SendMessageRequest.newBuilder().setConversationId(conversationId)
                .setText(text).setClientMessageId(UUID.randomUUID().toString()).build()).getMessage();
    }

    private List<String> memberIds(UUID reader, String conversationId) {
        List<String> ids = new ArrayList<>();
        String token = "";
        do {
            ListConversationMembersResponse page = client.as(reader).listConversationMembers(
                    ListConversationMembersRequest.newBuilder().setConversationId(conversationId).setPageSize(200)
                            .setPageToken(token).build());
            page.getMembersList().forEach(member -> ids.add(member.getUserId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        return ids;
    }
}
