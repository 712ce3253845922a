package dev.cohort.chat;

import static dev.cohort.testkit.grpc.GrpcFailures.detail;
import static dev.cohort.testkit.grpc.GrpcFailures.failure;
import static dev.cohort.testkit.grpc.GrpcFailures.reason;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import dev.cohort.chat.v1.AddMembersRequest;
import dev.cohort.chat.v1.AddReactionRequest;
import dev.cohort.chat.v1.ArchiveConversationRequest;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.ConversationKind;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.DeleteMessageRequest;
import dev.cohort.chat.v1.EditMessageRequest;
import dev.cohort.chat.v1.GetConversationRequest;
import dev.cohort.chat.v1.JoinChannelRequest;
import dev.cohort.chat.v1.LeaveConversationRequest;
import dev.cohort.chat.v1.ListConversationsRequest;
import dev.cohort.chat.v1.ListMessagesRequest;
import dev.cohort.chat.v1.ListMessagesResponse;
import dev.cohort.chat.v1.ListThreadRequest;
import dev.cohort.chat.v1.ListThreadResponse;
import dev.cohort.chat.v1.MarkReadRequest;
import dev.cohort.chat.v1.MarkReadResponse;
import dev.cohort.chat.v1.Member;
import dev.cohort.chat.v1.MemberRole;
import dev.cohort.chat.v1.Mention;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.OpenDirectRequest;
import dev.cohort.chat.v1.OpenDirectResponse;
import dev.cohort.chat.v1.PinMessageRequest;
import dev.cohort.chat.v1.RemoveMemberRequest;
import dev.cohort.chat.v1.RemoveReactionRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.SendMessageResponse;
import dev.cohort.testkit.Concurrently;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.cohort.chat.v1.ImportMessagesRequest;
import dev.cohort.chat.v1.ImportedMessage;
import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
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
 * Every unary RPC through a real gRPC client, on real PostgreSQL and Redis: who may see and do what, idempotent
 * sends, gap-free sequences under concurrent senders, cursors that hold while messages arrive, and tombstones
 * that never show what was deleted.
 */
@SpringBootTest(classes = ChatApplication.class, properties = "spring.config.name=" + ChatApplication.CONFIG_NAME)
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatBehaviourTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChatTestSupport.register(registry, ChatBehaviourTest.class, false);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestUsers users;
    ChatClient client;

    @BeforeAll
    void connect() {
        client = new ChatClient(port.get());
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        client.close();
    }

    // ---- conversations and who may see them ----

    @Test
    void aPublicChannelIsReadableByAnyoneButOnlyMembersPostUntilTheyJoin() {
        UUID owner = UUID.randomUUID();
        UUID visitor = UUID.randomUUID();
        Conversation channel = channel(owner, false);
        assertThat(channel.getKind()).isEqualTo(ConversationKind.CONVERSATION_KIND_CHANNEL);
        assertThat(channel.getMembersList()).extracting(Member::getRole).containsExactly(MemberRole.MEMBER_ROLE_OWNER);
        send(owner, channel, "welcome");

        assertThat(client.as(visitor).getConversation(get(channel)).getConversation().getLastMessage().getText())
                .isEqualTo("welcome");
        StatusRuntimeException refused = failure(() -> send(visitor, channel, "hi"));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(refused)).isEqualTo("NOT_A_MEMBER");

        client.as(visitor).joinChannel(JoinChannelRequest.newBuilder().setConversationId(channel.getConversationId()).build());
        assertThat(send(visitor, channel, "hi").getSequence()).isEqualTo(2);
        StatusRuntimeException twice = failure(() -> client.as(visitor).joinChannel(
                JoinChannelRequest.newBuilder().setConversationId(channel.getConversationId()).build()));
        assertThat(twice.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(reason(twice)).isEqualTo("ALREADY_MEMBER");
    }

    @Test
    void aPrivateChannelDoesNotExistForNonMembersButAdminsSeeIt() {
        UUID owner = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        Conversation secret = channel(owner, true);
        send(owner, secret, "the plan");

        for (Runnable probe : List.<Runnable>of(
                () -> client.as(outsider).getConversation(get(secret)),
                () -> client.as(outsider).listMessages(list(secret, 10, "")),
                () -> client.as(outsider).joinChannel(JoinChannelRequest.newBuilder()
                        .setConversationId(secret.getConversationId()).build()))) {
            StatusRuntimeException hidden = failure(probe);
            assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(reason(hidden)).isEqualTo("CONVERSATION_NOT_FOUND");
        }
        assertThat(client.asAdmin(UUID.randomUUID()).listMessages(list(secret, 10, "")).getMessagesList())
                .extracting(Message::getText).containsExactly("the plan");
    }

    @Test
    void ownersAddAndRemoveMembersAndTheLongestStandingMemberSucceedsTheLastOwner() {
        UUID owner = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Conversation channel = channel(owner, true);
        registered(first, second);

        Conversation grown = client.as(owner).addMembers(AddMembersRequest.newBuilder()
                .setConversationId(channel.getConversationId()).addUserIds(first.toString())
                .addUserIds(second.toString()).build()).getConversation();
        assertThat(userIds(grown)).containsExactly(owner.toString(), first.toString(), second.toString());

        StatusRuntimeException notOwner = failure(() -> client.as(first).addMembers(AddMembersRequest.newBuilder()
                .setConversationId(channel.getConversationId()).addUserIds(UUID.randomUUID().toString()).build()));
        assertThat(notOwner.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(notOwner)).isEqualTo("NOT_CONVERSATION_OWNER");
        StatusRuntimeException already = failure(() -> client.as(owner).addMembers(AddMembersRequest.newBuilder()
                .setConversationId(channel.getConversationId()).addUserIds(first.toString()).build()));
        assertThat(already.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);

        Conversation shrunk = client.as(owner).removeMember(RemoveMemberRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setUserId(second.toString()).build()).getConversation();
        assertThat(userIds(shrunk)).containsExactly(owner.toString(), first.toString());
        StatusRuntimeException gone = failure(() -> client.as(second).getConversation(get(channel)));
        assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

        client.as(owner).leaveConversation(LeaveConversationRequest.newBuilder()
                .setConversationId(channel.getConversationId()).build());
        Conversation after = client.as(first).getConversation(get(channel)).getConversation();
        assertThat(after.getMembersList()).singleElement().satisfies(member -> {
            assertThat(member.getUserId()).isEqualTo(first.toString());
            assertThat(member.getRole()).isEqualTo(MemberRole.MEMBER_ROLE_OWNER);
        });
    }

    @Test
    void onlyInstructorsAndAdminsAttachChannelsToSections() {
        String section = UUID.randomUUID().toString();
        StatusRuntimeException student = failure(() -> client.as(UUID.randomUUID()).createChannel(
                CreateChannelRequest.newBuilder().setName("CS101 Q&A").setSectionId(section).build()));
        assertThat(student.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(student)).isEqualTo("INSTRUCTOR_ONLY");

        Conversation attached = client.asRole(UUID.randomUUID(), "INSTRUCTOR").createChannel(
                CreateChannelRequest.newBuilder().setName("CS101 Q&A").setSectionId(section).build()).getConversation();
        assertThat(attached.getSectionId()).isEqualTo(section);
    }

    @Test
    void openingADirectTwiceWithTheSameParticipantsReturnsTheSameConversation() {
        UUID ada = UUID.randomUUID();
        UUID grace = UUID.randomUUID();
        UUID alan = UUID.randomUUID();
        OpenDirectResponse opened = direct(ada, grace, alan);
        assertThat(opened.getCreated()).isTrue();
        assertThat(opened.getConversation().getKind()).isEqualTo(ConversationKind.CONVERSATION_KIND_DIRECT);
        assertThat(userIds(opened.getConversation())).containsExactlyInAnyOrder(ada.toString(), grace.toString(),
                alan.toString());

        OpenDirectResponse again = direct(alan, grace, ada, alan);
        assertThat(again.getCreated()).isFalse();
        assertThat(again.getConversation().getConversationId()).isEqualTo(opened.getConversation().getConversationId());
        assertThat(direct(ada, grace).getConversation().getConversationId())
                .isNotEqualTo(opened.getConversation().getConversationId());

        StatusRuntimeException outsider = failure(() -> client.as(UUID.randomUUID()).getConversation(
                get(opened.getConversation())));
        assertThat(outsider.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        StatusRuntimeException fixed = failure(() -> client.as(ada).addMembers(AddMembersRequest.newBuilder()
                .setConversationId(opened.getConversation().getConversationId())
                .addUserIds(UUID.randomUUID().toString()).build()));
        assertThat(reason(fixed)).isEqualTo("DIRECT_MEMBERS_FIXED");
    }

    @Test
    void aDirectNeedsAnotherPersonAndAtMostEight() {
        UUID me = UUID.randomUUID();
        StatusRuntimeException alone = failure(() -> direct(me, me));
        assertThat(alone.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(alone)).isEqualTo("INVALID_PARTICIPANTS");
        UUID[] crowd = IntStream.range(0, 8).mapToObj(i -> UUID.randomUUID()).toArray(UUID[]::new);
        StatusRuntimeException tooMany = failure(() -> direct(me, crowd));
        assertThat(reason(tooMany)).isEqualTo("INVALID_PARTICIPANTS");
        assertThat(detail(tooMany, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("participant_user_ids");
    }

    @Test
    void archivedConversationsStayReadableButTakeNoMessages() {
        UUID owner = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        Conversation channel = channel(owner, false, member);
        send(member, channel, "before");
        StatusRuntimeException notOwner = failure(() -> client.as(member).archiveConversation(archive(channel)));
        assertThat(reason(notOwner)).isEqualTo("NOT_CONVERSATION_OWNER");

        assertThat(client.as(owner).archiveConversation(archive(channel)).getConversation().getArchived()).isTrue();
        StatusRuntimeException closed = failure(() -> send(member, channel, "after"));
        assertThat(closed.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(closed)).isEqualTo("CONVERSATION_ARCHIVED");
        assertThat(client.as(member).listMessages(list(channel, 10, "")).getMessagesList())
                .extracting(Message::getText).containsExactly("before");
    }

    @Test
    void callsWithoutATokenAreUnauthenticated() {
        var anonymous = ChatServiceGrpc.newBlockingStub(client.channel());
        StatusRuntimeException refused = failure(() -> anonymous.listConversations(
                ListConversationsRequest.getDefaultInstance()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    // ---- messages ----

    @Test
    void retryingASendWithTheSameClientMessageIdStoresItOnce() {
        UUID author = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Conversation channel = channel(author, false, other);
        SendMessageRequest request = SendMessageRequest.newBuilder().setConversationId(channel.getConversationId())
                .setText("exactly once").setClientMessageId("c-1").build();
        Message first = client.as(author).sendMessage(request).getMessage();
        Message retry = client.as(author).sendMessage(request).getMessage();
        assertThat(retry.getMessageId()).isEqualTo(first.getMessageId());
        assertThat(retry.getSequence()).isEqualTo(first.getSequence()).isEqualTo(1);
        assertThat(client.as(other).sendMessage(request).getMessage().getSequence())
                .as("another author's client ids are their own").isEqualTo(2);
        assertThat(client.as(author).listMessages(list(channel, 10, "")).getMessagesList()).hasSize(2);
    }

    @Test
    void concurrentRetriesOfOneSendStoreItOnce() throws Exception {
        UUID author = UUID.randomUUID();
        Conversation channel = channel(author, false);
        SendMessageRequest request = SendMessageRequest.newBuilder().setConversationId(channel.getConversationId())
                .setText("racing retries").setClientMessageId("r-1").build();
        List<Message> answers = Concurrently.run(8, i -> client.as(author).sendMessage(request).getMessage());
        assertThat(answers).extracting(Message::getMessageId).containsOnly(answers.get(0).getMessageId());
        assertThat(client.as(author).getConversation(get(channel)).getConversation().getLastSequence()).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentSendersGetGapFreeSequences() throws Exception {
        UUID owner = UUID.randomUUID();
        List<UUID> senders = IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID()).toList();
        Conversation channel = channel(owner, false, senders.toArray(UUID[]::new));
        int perSender = 4;
        List<List<Long>> sequences = Concurrently.run(senders.size(), i -> {
            List<Long> mine = new ArrayList<>();
            for (int n = 0; n < perSender; n++) {
                mine.add(send(senders.get(i), channel, "m" + i + "-" + n).getSequence());
            }
            return mine;
        });
        List<Long> all = sequences.stream().flatMap(List::stream).sorted().toList();
        assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        sequences.forEach(mine -> assertThat(mine).as("each sender's own messages in send order").isSorted());
        assertThat(jdbc.queryForObject("select count(*) from messages where conversation_id = ?::uuid", Long.class,
                channel.getConversationId())).isEqualTo(200);
    }

    @Test
    void concurrentSendsAcrossConversationsAreNumberedPerConversationAndClientIdsArePerConversation()
            throws Exception {
        UUID author = UUID.randomUUID();
        List<Conversation> rooms = IntStream.range(0, 5).mapToObj(i -> channel(author, false)).toList();
        List<Message> sent = Concurrently.run(20, i -> client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(rooms.get(i % 5).getConversationId()).setText("round " + i)
                .setClientMessageId("same-" + (i / 5)).build()).getMessage());
        for (Conversation room : rooms) {
            assertThat(sent.stream().filter(m -> m.getConversationId().equals(room.getConversationId()))
                    .map(Message::getSequence).sorted().toList())
                    .as("one client id per round, reused in every conversation: each stored once per conversation")
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aUserSendingTooFastIsToldWhenToRetry() throws Exception {
        UUID flooder = UUID.randomUUID();
        Conversation channel = channel(flooder, false);
        var async = ChatServiceGrpc.newStub(client.channel()).withInterceptors(
                io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(ChatClient.bearer(flooder, "STUDENT")));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(60);
        for (int i = 0; i < 60; i++) {
            async.sendMessage(SendMessageRequest.newBuilder().setConversationId(channel.getConversationId())
                    .setText("spam " + i).setClientMessageId("s-" + i).build(), new StreamObserver<>() {
                        public void onNext(SendMessageResponse value) { }
                        public void onError(Throwable t) {
                            failures.add(t);
                            done.countDown();
                        }
                        public void onCompleted() {
                            done.countDown();
                        }
                    });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isNotEmpty().allSatisfy(error -> {
            StatusRuntimeException limited = (StatusRuntimeException) error;
            assertThat(limited.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(reason(limited)).isEqualTo("RATE_LIMITED");
            assertThat(detail(limited, RetryInfo.class).getRetryDelay().getNanos()
                    + detail(limited, RetryInfo.class).getRetryDelay().getSeconds()).isPositive();
        });
        long stored = client.as(flooder).getConversation(get(channel)).getConversation().getLastSequence();
        assertThat(stored).isEqualTo(60 - failures.size());
    }

    @Test
    void badMessagesAreRefusedWithTheFieldAtFault() {
        UUID author = UUID.randomUUID();
        Conversation channel = channel(author, false);
        StatusRuntimeException blank = failure(() -> client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setText("   ").setClientMessageId("b-1").build()));
        assertThat(blank.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(blank, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("text");
        StatusRuntimeException huge = failure(() -> client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setText("x".repeat(4001)).setClientMessageId("b-2")
                .build()));
        assertThat(detail(huge, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("text");
        StatusRuntimeException outside = failure(() -> client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setText("hi @x").setClientMessageId("b-3")
                .addMentions(Mention.newBuilder().setUserId(author.toString()).setStart(3).setLength(5)).build()));
        assertThat(reason(outside)).isEqualTo("INVALID_MENTION");
        StatusRuntimeException stranger = failure(() -> client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setText("hi @x").setClientMessageId("b-4")
                .addMentions(Mention.newBuilder().setUserId(UUID.randomUUID().toString()).setStart(3).setLength(2))
                .build()));
        assertThat(reason(stranger)).isEqualTo("MENTIONED_USER_NOT_MEMBER");
        assertThat(client.as(author).getConversation(get(channel)).getConversation().getLastSequence())
                .as("nothing was stored").isZero();
    }

    @Test
    void mentionsAreCarriedAsStructuredData() {
        UUID author = UUID.randomUUID();
        UUID friend = UUID.randomUUID();
        Conversation channel = channel(author, false, friend);
        Message sent = client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setText("ça va @grace ?").setClientMessageId("m-1")
                .addMentions(Mention.newBuilder().setUserId(friend.toString()).setStart(6).setLength(6)).build())
                .getMessage();
        assertThat(sent.getMentionsList()).singleElement().satisfies(mention -> {
            assertThat(mention.getUserId()).isEqualTo(friend.toString());
            assertThat(mention.getStart()).isEqualTo(6);
            assertThat(mention.getLength()).isEqualTo(6);
        });
    }

    @Test
    void onlyTheAuthorEditsAndTheEditIsStamped() {
        UUID author = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Conversation channel = channel(author, false, other);
        Message original = send(author, channel, "teh answer");
        StatusRuntimeException notAuthor = failure(() -> client.as(other).editMessage(edit(original, "mine now")));
        assertThat(notAuthor.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(notAuthor)).isEqualTo("NOT_MESSAGE_AUTHOR");

        Message edited = client.as(author).editMessage(edit(original, "the answer")).getMessage();
        assertThat(edited.getText()).isEqualTo("the answer");
        assertThat(edited.hasEditTime()).isTrue();
        assertThat(edited.getSequence()).isEqualTo(original.getSequence());
    }

    @Test
    void aDeletedMessageNeverShowsItsContentToAnyReader() {
        UUID author = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        Conversation channel = channel(owner, false, author, member);
        Message secret = client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setText("my password is hunter2")
                .setClientMessageId("d-1").addMentions(Mention.newBuilder().setUserId(member.toString())
                        .setStart(0).setLength(2)).build()).getMessage();
        Message reply = client.as(member).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setText("oops").setClientMessageId("d-2")
                .setReplyToMessageId(secret.getMessageId()).build()).getMessage();
        client.as(member).addReaction(AddReactionRequest.newBuilder().setMessageId(secret.getMessageId())
                .setEmoji("😱").build());

        StatusRuntimeException bystander = failure(() -> client.as(member).deleteMessage(delete(secret)));
        assertThat(bystander.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        Message tombstone = client.as(owner).deleteMessage(delete(secret)).getMessage();
        assertTombstone(tombstone, secret);

        assertTombstone(client.as(member).listMessages(list(channel, 10, "")).getMessages(1), secret);
        ListThreadResponse thread = client.as(member).listThread(thread(reply.getMessageId()));
        assertTombstone(thread.getRoot(), secret);
        assertThat(thread.getRepliesList()).extracting(Message::getText).containsExactly("oops");
        assertThat(jdbc.queryForObject("select count(*) from messages where text like '%hunter2%'", Long.class))
                .as("the text is gone from the database, not only hidden").isZero();
        assertThat(client.as(author).deleteMessage(delete(secret)).getMessage().getDeleted())
                .as("deleting twice changes nothing").isTrue();

        StatusRuntimeException editGone = failure(() -> client.as(author).editMessage(edit(secret, "again")));
        assertThat(reason(editGone)).isEqualTo("MESSAGE_DELETED");
        Message last = send(author, channel, "later");
        client.as(author).deleteMessage(delete(last));
        assertTombstone(client.as(member).getConversation(get(channel)).getConversation().getLastMessage(), last);
    }

    @Test
    void reactionsAreOnePerUserAndEmojiAndCountedForEachReader() {
        UUID author = UUID.randomUUID();
        UUID fan = UUID.randomUUID();
        Conversation channel = channel(author, false, fan);
        Message message = send(author, channel, "shipped!");
        client.as(fan).addReaction(react(message, "🎉"));
        Message both = client.as(author).addReaction(react(message, "🎉")).getMessage();
        assertThat(both.getReactionsList()).singleElement().satisfies(count -> {
            assertThat(count.getEmoji()).isEqualTo("🎉");
            assertThat(count.getCount()).isEqualTo(2);
            assertThat(count.getReactedByMe()).isTrue();
        });
        StatusRuntimeException duplicate = failure(() -> client.as(fan).addReaction(react(message, "🎉")));
        assertThat(duplicate.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(reason(duplicate)).isEqualTo("REACTION_EXISTS");

        Message fewer = client.as(fan).removeReaction(RemoveReactionRequest.newBuilder()
                .setMessageId(message.getMessageId()).setEmoji("🎉").build()).getMessage();
        assertThat(fewer.getReactions(0).getCount()).isEqualTo(1);
        assertThat(fewer.getReactions(0).getReactedByMe()).isFalse();
        StatusRuntimeException none = failure(() -> client.as(fan).removeReaction(RemoveReactionRequest.newBuilder()
                .setMessageId(message.getMessageId()).setEmoji("🎉").build()));
        assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        StatusRuntimeException outsider = failure(() -> client.as(UUID.randomUUID()).addReaction(react(message, "👀")));
        assertThat(outsider.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void ownersPinAndPinnedMessagesCanBeListed() {
        UUID owner = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        Conversation channel = channel(owner, false, member);
        Message rules = send(member, channel, "rules: be kind");
        send(member, channel, "chatter");
        StatusRuntimeException notOwner = failure(() -> client.as(member).pinMessage(pin(rules)));
        assertThat(reason(notOwner)).isEqualTo("NOT_CONVERSATION_OWNER");
        assertThat(client.as(owner).pinMessage(pin(rules)).getMessage().getPinned()).isTrue();
        assertThat(client.as(member).listMessages(list(channel, 10, "").toBuilder().setPinnedOnly(true).build())
                .getMessagesList()).extracting(Message::getText).containsExactly("rules: be kind");
    }

    @Test
    void repliesFormOneThreadUnderTheRootMessage() {
        UUID owner = UUID.randomUUID();
        Conversation channel = channel(owner, false);
        Conversation elsewhere = channel(owner, false);
        Message root = send(owner, channel, "question");
        Message first = reply(owner, channel, root, "answer 1");
        Message second = reply(owner, channel, first, "answer 2");
        assertThat(first.getThreadRootMessageId()).isEqualTo(root.getMessageId());
        assertThat(second.getThreadRootMessageId()).as("a reply to a reply joins the root's thread")
                .isEqualTo(root.getMessageId());

        ListThreadResponse thread = client.as(owner).listThread(thread(root.getMessageId()).toBuilder()
                .setPageSize(1).build());
        assertThat(thread.getRoot().getReplyCount()).isEqualTo(2);
        assertThat(thread.getRepliesList()).extracting(Message::getText).containsExactly("answer 1");
        assertThat(client.as(owner).listThread(thread(root.getMessageId()).toBuilder()
                .setPageToken(thread.getNextPageToken()).build()).getRepliesList())
                .extracting(Message::getText).containsExactly("answer 2");

        StatusRuntimeException crossed = failure(() -> reply(owner, elsewhere, root, "wrong room"));
        assertThat(crossed.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(crossed)).as("a message of another conversation is not there to reply to")
                .isEqualTo("MESSAGE_NOT_FOUND");
    }

    @Test
    void listMessagesPagesNewestFirstAndItsCursorHoldsWhileMessagesArrive() {
        UUID owner = UUID.randomUUID();
        Conversation channel = channel(owner, false);
        for (int i = 1; i <= 5; i++) {
            send(owner, channel, "m" + i);
        }
        ListMessagesResponse newest = client.as(owner).listMessages(list(channel, 2, ""));
        assertThat(newest.getMessagesList()).extracting(Message::getText).containsExactly("m5", "m4");
        send(owner, channel, "m6");
        send(owner, channel, "m7");
        ListMessagesResponse older = client.as(owner).listMessages(list(channel, 2, newest.getNextPageToken()));
        assertThat(older.getMessagesList()).extracting(Message::getText).containsExactly("m3", "m2");
        ListMessagesResponse oldest = client.as(owner).listMessages(list(channel, 2, older.getNextPageToken()));
        assertThat(oldest.getMessagesList()).extracting(Message::getText).containsExactly("m1");
        assertThat(oldest.getNextPageToken()).isEmpty();

        StatusRuntimeException forged = failure(() -> client.as(owner).listMessages(list(channel, 2, "bm90LWEtdG9rZW4")));
        assertThat(forged.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(forged)).isEqualTo("INVALID_PAGE_TOKEN");
    }

    @Test
    void listMessagesAroundASequenceOpensTheConversationAtThatMessageWithItsNeighbours() {
        UUID owner = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        Conversation channel = channel(owner, true);
        for (int i = 1; i <= 9; i++) {
            send(owner, channel, "m" + i);
        }

        ListMessagesResponse middle = client.as(owner).listMessages(around(channel, 4, 5));
        assertThat(middle.getMessagesList()).extracting(Message::getText)
                .as("two newer, the message, two older; newest first").containsExactly("m6", "m5", "m4", "m3", "m2");
        ListMessagesResponse older = client.as(owner).listMessages(list(channel, 5, middle.getNextPageToken()));
        assertThat(older.getMessagesList()).extracting(Message::getText)
                .as("the token continues with the older ones").containsExactly("m1");
        assertThat(older.getNextPageToken()).isEmpty();

        assertThat(client.as(owner).listMessages(around(channel, 8, 5)).getMessagesList()).extracting(Message::getText)
                .as("few newer: older ones fill the page").containsExactly("m9", "m8", "m7", "m6", "m5");
        assertThat(client.as(owner).listMessages(around(channel, 2, 5)).getMessagesList()).extracting(Message::getText)
                .containsExactly("m4", "m3", "m2", "m1");
        ListMessagesResponse beyond = client.as(owner).listMessages(around(channel, 1000, 3));
        assertThat(beyond.getMessagesList()).extracting(Message::getText)
                .as("beyond the newest is the newest page").containsExactly("m9", "m8", "m7");

        StatusRuntimeException mixed = failure(() -> client.as(owner).listMessages(around(channel, 4, 5).toBuilder()
                .setPinnedOnly(true).build()));
        assertThat(mixed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(mixed)).isEqualTo("AROUND_WITH_CURSOR");
        assertThat(detail(mixed, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("around_sequence");

        StatusRuntimeException hidden = failure(() -> client.as(outsider).listMessages(around(channel, 4, 5)));
        assertThat(hidden.getStatus().getCode()).as("a private conversation is not there for an outsider")
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    private static ListMessagesRequest around(Conversation conversation, long sequence, int size) {
        return ListMessagesRequest.newBuilder().setConversationId(conversation.getConversationId()).setPageSize(size)
                .setAroundSequence(sequence).build();
    }

    @Test
    void readMarkersMoveOnlyForwardAndDriveUnreadCounts() {
        UUID ada = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Conversation busy = channel(ada, false, bob);
        Conversation quiet = channel(bob, false, ada);
        send(bob, quiet, "ping");
        for (int i = 0; i < 3; i++) {
            send(ada, busy, "news " + i);
        }
        send(bob, busy, "my own message is never unread for me");

        List<Conversation> bobs = client.as(bob).listConversations(ListConversationsRequest.getDefaultInstance())
                .getConversationsList();
        assertThat(bobs).extracting(Conversation::getConversationId)
                .as("most recently active first").containsExactly(busy.getConversationId(), quiet.getConversationId());
        assertThat(bobs.get(0).getUnreadCount()).isEqualTo(3);
        assertThat(bobs.get(0).getLastMessage().getSequence()).isEqualTo(4);
        assertThat(bobs.get(1).getUnreadCount()).isZero();

        MarkReadResponse read = client.as(bob).markRead(markRead(busy, 2));
        assertThat(read.getLastReadSequence()).isEqualTo(2);
        assertThat(read.getUnreadCount()).isEqualTo(1);
        assertThat(client.as(bob).markRead(markRead(busy, 1)).getLastReadSequence()).as("never backwards").isEqualTo(2);
        assertThat(client.as(bob).markRead(markRead(busy, 99)).getLastReadSequence()).as("capped at the newest")
                .isEqualTo(4);
        assertThat(client.as(bob).getConversation(get(busy)).getConversation().getUnreadCount()).isZero();

        StatusRuntimeException visitor = failure(() -> client.as(UUID.randomUUID()).markRead(markRead(busy, 1)));
        assertThat(reason(visitor)).isEqualTo("NOT_A_MEMBER");
    }

    @Test
    void listConversationsPagesAndLeavesOutArchivedOnesUnlessAsked() {
        UUID me = UUID.randomUUID();
        List<Conversation> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(channel(me, false));
        }
        client.as(me).archiveConversation(archive(mine.get(0)));
        var first = client.as(me).listConversations(ListConversationsRequest.newBuilder().setPageSize(1).build());
        var second = client.as(me).listConversations(ListConversationsRequest.newBuilder().setPageSize(1)
                .setPageToken(first.getNextPageToken()).build());
        assertThat(second.getNextPageToken()).isEmpty();
        assertThat(List.of(first.getConversations(0).getConversationId(), second.getConversations(0).getConversationId()))
                .containsExactly(mine.get(2).getConversationId(), mine.get(1).getConversationId());
        assertThat(client.as(me).listConversations(ListConversationsRequest.newBuilder().setIncludeArchived(true)
                .build()).getConversationsCount()).isEqualTo(3);
    }

    @Test
    void adminsModerateAnyConversation() {
        UUID owner = UUID.randomUUID();
        UUID admin = UUID.randomUUID();
        Conversation secret = channel(owner, true);
        Message bad = send(owner, secret, "spam link");
        assertThat(client.asAdmin(admin).deleteMessage(delete(bad)).getMessage().getDeleted()).isTrue();
        assertThat(client.asAdmin(admin).archiveConversation(archive(secret)).getConversation().getArchived()).isTrue();
    }

    @Test
    void adminsImportAHistoryWithItsOriginalTimesMarkedAsImportedOnceAndInOrderWithLaterSends() {
        UUID ada = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID admin = UUID.randomUUID();
        Conversation channel = channel(ada, true, bob);
        Instant weeksAgo = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
        ImportMessagesRequest history = ImportMessagesRequest.newBuilder()
                .setConversationId(channel.getConversationId())
                .addMessages(imported(ada, "old question", "h1", weeksAgo))
                .addMessages(imported(bob, "@Ada old answer", "h2", weeksAgo.plus(Duration.ofHours(3))).toBuilder()
                        .setReplyToIndex(0).addMentions(Mention.newBuilder().setUserId(ada.toString())
                                .setStart(0).setLength(4)))
                .addMessages(imported(ada, "a week later", "h3", weeksAgo.plus(Duration.ofDays(7))))
                .build();

        List<Message> stored = client.asAdmin(admin).importMessages(history).getMessagesList();
        assertThat(stored).extracting(Message::getSequence).containsExactly(1L, 2L, 3L);
        assertThat(stored).allSatisfy(message -> assertThat(message.getImported()).isTrue());
        assertThat(stored.get(0).getCreateTime().getSeconds()).isEqualTo(weeksAgo.getEpochSecond());
        assertThat(stored.get(0).getReplyCount()).isEqualTo(1);
        assertThat(stored.get(1).getThreadRootMessageId()).isEqualTo(stored.get(0).getMessageId());

        List<Message> listed = client.as(bob).listMessages(list(channel, 10, "")).getMessagesList();
        assertThat(listed).extracting(Message::getText).containsExactly("a week later", "@Ada old answer", "old question");
        assertThat(listed.get(2).getCreateTime().getSeconds()).as("the original time, kept")
                .isEqualTo(weeksAgo.getEpochSecond());
        assertThat(listed.get(1).getMentions(0).getUserId()).isEqualTo(ada.toString());

        assertThat(client.asAdmin(admin).importMessages(history).getMessagesList())
                .as("the same import again: answered as stored, not written twice")
                .extracting(Message::getMessageId).containsExactlyElementsOf(stored.stream().map(Message::getMessageId).toList());
        Message sent = send(bob, channel, "sent today");
        assertThat(sent.getSequence()).as("sends continue the same sequence").isEqualTo(4);
        assertThat(sent.getImported()).isFalse();

        StatusRuntimeException backwards = failure(() -> client.asAdmin(admin).importMessages(
                ImportMessagesRequest.newBuilder().setConversationId(channel.getConversationId())
                        .addMessages(imported(ada, "too late to be older", "h4", weeksAgo)).build()));
        assertThat(backwards.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(backwards)).as("sequence order stays time order").isEqualTo("IMPORT_TIME_OUT_OF_ORDER");
        assertThat(detail(backwards, BadRequest.class).getFieldViolations(0).getField())
                .isEqualTo("messages[0].create_time");
        assertThat(client.as(bob).listMessages(list(channel, 10, "")).getMessagesCount()).isEqualTo(4);
    }

    @Test
    void anImportIsRefusedWholeForAnyBadMessageAndToAnyoneButAnAdmin() {
        UUID ada = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        UUID admin = UUID.randomUUID();
        Conversation channel = channel(ada, false);
        Instant past = Instant.now().minus(Duration.ofDays(2));
        ImportMessagesRequest.Builder request = ImportMessagesRequest.newBuilder()
                .setConversationId(channel.getConversationId())
                .addMessages(imported(ada, "fine", "ok-1", past));

        StatusRuntimeException notAdmin = failure(() -> client.as(ada).importMessages(request.build()));
        assertThat(notAdmin.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

        StatusRuntimeException future = failure(() -> client.asAdmin(admin).importMessages(request.clone()
                .addMessages(imported(ada, "from tomorrow", "f-1", Instant.now().plus(Duration.ofDays(1)))).build()));
        assertThat(reason(future)).isEqualTo("IMPORT_TIME_IN_FUTURE");
        assertThat(detail(future, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("messages[1].create_time");

        StatusRuntimeException forward = failure(() -> client.asAdmin(admin).importMessages(request.clone()
                .addMessages(imported(ada, "reply to itself", "r-1", past).toBuilder().setReplyToIndex(1)).build()));
        assertThat(reason(forward)).isEqualTo("IMPORT_REPLY_INVALID");

        StatusRuntimeException outsider = failure(() -> client.asAdmin(admin).importMessages(request.clone()
                .addMessages(imported(registered(stranger)[0], "not a member", "s-1", past)).build()));
        assertThat(outsider.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(outsider)).isEqualTo("AUTHOR_NOT_MEMBER");

        StatusRuntimeException unordered = failure(() -> client.asAdmin(admin).importMessages(request.clone()
                .addMessages(imported(ada, "earlier than the one before", "u-1", past.minus(Duration.ofHours(1))))
                .build()));
        assertThat(reason(unordered)).isEqualTo("IMPORT_TIME_OUT_OF_ORDER");

        StatusRuntimeException missing = failure(() -> client.asAdmin(admin).importMessages(request.clone()
                .setConversationId(UUID.randomUUID().toString()).build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

        assertThat(client.as(ada).listMessages(list(channel, 10, "")).getMessagesList())
                .as("nothing of a refused import was written").isEmpty();
    }

    private static ImportedMessage imported(UUID author, String text, String clientMessageId, Instant at) {
        return ImportedMessage.newBuilder().setAuthorUserId(author.toString()).setText(text)
                .setClientMessageId(clientMessageId)
                .setCreateTime(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())).build();
    }

    // ---- helpers ----

    /** Users as identity's registrations make them known to chat. */
    private UUID[] registered(UUID... ids) {
        for (UUID id : ids) {
            users.registered(id, Instant.now());
        }
        return ids;
    }

    private Conversation channel(UUID owner, boolean privateChannel, UUID... members) {
        registered(members);
        CreateChannelRequest.Builder request = CreateChannelRequest.newBuilder().setName("study " + UUID.randomUUID())
                .setTopic("algorithms").setPrivate(privateChannel);
        for (UUID member : members) {
            request.addMemberUserIds(member.toString());
        }
        return client.as(owner).createChannel(request.build()).getConversation();
    }

    private OpenDirectResponse direct(UUID caller, UUID... others) {
        registered(others);
        OpenDirectRequest.Builder request = OpenDirectRequest.newBuilder();
        for (UUID other : others) {
            request.addParticipantUserIds(other.toString());
        }
        return client.as(caller).openDirect(request.build());
    }

    private Message send(UUID author, Conversation conversation, String text) {
        return client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(conversation.getConversationId()).setText(text)
                .setClientMessageId(UUID.randomUUID().toString()).build()).getMessage();
    }

    private Message reply(UUID author, Conversation conversation, Message to, String text) {
        return client.as(author).sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(conversation.getConversationId()).setText(text)
                .setClientMessageId(UUID.randomUUID().toString()).setReplyToMessageId(to.getMessageId()).build())
                .getMessage();
    }

    private static void assertTombstone(Message tombstone, Message original) {
        assertThat(tombstone.getMessageId()).isEqualTo(original.getMessageId());
        assertThat(tombstone.getSequence()).isEqualTo(original.getSequence());
        assertThat(tombstone.getDeleted()).isTrue();
        assertThat(tombstone.hasDeleteTime()).isTrue();
        assertThat(tombstone.getText()).isEmpty();
        assertThat(tombstone.getMentionsList()).isEmpty();
        assertThat(tombstone.getReactionsList()).isEmpty();
    }

    private static List<String> userIds(Conversation conversation) {
        return conversation.getMembersList().stream().map(Member::getUserId).toList();
    }

    private static GetConversationRequest get(Conversation conversation) {
        return GetConversationRequest.newBuilder().setConversationId(conversation.getConversationId()).build();
    }

    private static ListMessagesRequest list(Conversation conversation, int size, String token) {
        return ListMessagesRequest.newBuilder().setConversationId(conversation.getConversationId()).setPageSize(size)
                .setPageToken(token).build();
    }

    private static ListThreadRequest thread(String messageId) {
        return ListThreadRequest.newBuilder().setMessageId(messageId).build();
    }

    private static ArchiveConversationRequest archive(Conversation conversation) {
        return ArchiveConversationRequest.newBuilder().setConversationId(conversation.getConversationId()).build();
    }

    private static EditMessageRequest edit(Message message, String text) {
        return EditMessageRequest.newBuilder().setMessageId(message.getMessageId()).setText(text).build();
    }

    private static DeleteMessageRequest delete(Message message) {
        return DeleteMessageRequest.newBuilder().setMessageId(message.getMessageId()).build();
    }

    private static AddReactionRequest react(Message message, String emoji) {
        return AddReactionRequest.newBuilder().setMessageId(message.getMessageId()).setEmoji(emoji).build();
    }

    private static PinMessageRequest pin(Message message) {
        return PinMessageRequest.newBuilder().setMessageId(message.getMessageId()).build();
    }

    private static MarkReadRequest markRead(Conversation conversation, long sequence) {
        return MarkReadRequest.newBuilder().setConversationId(conversation.getConversationId()).setSequence(sequence)
                .build();
    }
}
