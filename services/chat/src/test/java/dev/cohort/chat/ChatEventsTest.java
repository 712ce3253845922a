package dev.cohort.chat;

import dev.cohort.eventtestkit.TestEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.events.ChatEvents;
import dev.cohort.chat.events.GroupMembershipSync;
import dev.cohort.chat.events.UserRegistrations;
import dev.cohort.chat.v1.AddMembersRequest;
import dev.cohort.chat.v1.AddReactionRequest;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.ConversationKind;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.DeleteMessageRequest;
import dev.cohort.chat.v1.EditMessageRequest;
import dev.cohort.chat.v1.ListConversationsRequest;
import dev.cohort.chat.v1.Member;
import dev.cohort.chat.v1.MemberRole;
import dev.cohort.chat.v1.ImportMessagesRequest;
import dev.cohort.chat.v1.ImportedMessage;
import dev.cohort.chat.v1.Mention;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.RemoveReactionRequest;
import dev.cohort.chat.v1.RemoveMemberRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.events.Topics;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.profile.ContactPermission;
import dev.cohort.events.profile.PrivacyChanged;
import dev.cohort.events.profile.ProfileVisibility;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRemoved;
import dev.cohort.events.chat.MessageDeleted;
import dev.cohort.events.chat.MessageEdited;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.chat.ReactionAdded;
import dev.cohort.events.chat.ReactionRemoved;
import dev.cohort.events.group.DisbandReason;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupVisibility;
import dev.cohort.events.group.MembershipChange;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
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
 * Chat's events reach Kafka through the outbox, keyed and ordered by conversation, against a real registry; and
 * the group service's events (published to a real broker) create, resize and archive group conversations.
 */
@SpringBootTest(classes = ChatApplication.class, properties = "spring.config.name=" + ChatApplication.CONFIG_NAME)
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatEventsTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry properties) {
        ChatTestSupport.register(properties, ChatEventsTest.class, true);
        InJvmKafka.shared().createTopics(3, ChatEvents.TOPIC, GroupMembershipSync.TOPIC,
                UserRegistrations.TOPIC, Topics.PROFILE_PROFILES, Topics.PROFILE_RELATIONSHIPS, Topics.COURSE_ENROLLMENTS);
        properties.add("cohort.events.bootstrap-servers", TestEvents::bootstrapServers);
        properties.add("cohort.events.schema-registry-url", TestEvents::registryUrl);
    }

    @Autowired
    BoundGrpcPort port;
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

    @Test
    void onlyUsersIdentityRegisteredMayBeAddedAndARedeliveredRegistrationCountsOnce() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID newcomer = UUID.randomUUID();
        String channel = client.as(owner).createChannel(CreateChannelRequest.newBuilder().setName("newcomers")
                .build()).getConversation().getConversationId();
        AddMembersRequest add = AddMembersRequest.newBuilder().setConversationId(channel)
                .addUserIds(newcomer.toString()).build();
        StatusRuntimeException unknown = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> client.as(owner).addMembers(add));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(dev.cohort.testkit.grpc.GrpcFailures.reason(unknown)).isEqualTo("UNKNOWN_USER");
        assertThat(dev.cohort.testkit.grpc.GrpcFailures.detail(unknown, com.google.rpc.BadRequest.class)
                .getFieldViolations(0).getField()).isEqualTo("user_ids[0]");

        UserRegistered registration = registration(newcomer);
        TestEvents.publish(UserRegistrations.TOPIC, newcomer.toString(), registration);
        TestEvents.publish(UserRegistrations.TOPIC, newcomer.toString(), registration);
        awaitKnown(newcomer);
        openToEveryoneThroughProfile(newcomer);
        assertThat(client.as(owner).addMembers(add).getConversation().getMemberCount()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from cohort_events.processed_events where consumer = ? "
                + "and event_id = ?", Integer.class, UserRegistrations.CONSUMER,
                registration.getMetadata().getEventId())).isEqualTo(1);
    }

    /** Registers users as identity does, through its events, and waits until chat has applied them. */
    private void registerThroughIdentity(UUID... users) throws Exception {
        for (UUID user : users) {
            TestEvents.publish(UserRegistrations.TOPIC, user.toString(), registration(user));
        }
        awaitKnown(users);
        openToEveryoneThroughProfile(users);
    }

    /** As if each had let everyone message and invite them in profile (their settings reach chat as events). */
    private void openToEveryoneThroughProfile(UUID... users) throws Exception {
        for (UUID user : users) {
            TestEvents.publish(Topics.PROFILE_PROFILES, user.toString(), PrivacyChanged.newBuilder()
                    .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                            .setAggregateId(user.toString()).setProducer("profile").setTraceparent(null).build())
                    .setUserId(user.toString()).setProfileVisibility(ProfileVisibility.EVERYONE)
                    .setDirectMessages(ContactPermission.EVERYONE).setChannelInvites(ContactPermission.EVERYONE)
                    .setShowEmail(false).setChangedAt(Instant.now()).build());
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from contact_settings where user_id = any(?)", Integer.class,
                (Object) users) == users.length);
    }

    private void awaitKnown(UUID... users) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from known_users where user_id = any(?)", Integer.class,
                (Object) users) == users.length);
    }

    private static UserRegistered registration(UUID user) {
        return UserRegistered.newBuilder().setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.now()).setAggregateId(user.toString()).setProducer("identity")
                        .setTraceparent(null).build())
                .setUserId(user.toString()).setEmail(user + "@example.org").setDisplayName("New Member")
                .setRoles(List.of("ROLE_STUDENT")).build();
    }

    @Test
    void everyChangeOfAConversationIsPublishedInOrderUnderItsId() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        registerThroughIdentity(member);
        ChatServiceGrpc.ChatServiceBlockingStub asOwner = client.as(owner);
        Conversation channel = asOwner.createChannel(CreateChannelRequest.newBuilder().setName("evented")
                .addMemberUserIds(member.toString()).build()).getConversation();
        Message message = asOwner.sendMessage(SendMessageRequest.newBuilder()
                .setConversationId(channel.getConversationId()).setText("hi @you").setClientMessageId("e-1")
                .setMentionEveryone(true)
                .addMentions(Mention.newBuilder().setUserId(member.toString()).setStart(3).setLength(4)).build())
                .getMessage();
        asOwner.editMessage(EditMessageRequest.newBuilder().setMessageId(message.getMessageId()).setText("hello").build());
        client.as(member).addReaction(AddReactionRequest.newBuilder().setMessageId(message.getMessageId())
                .setEmoji("👍").build());
        client.as(member).removeReaction(RemoveReactionRequest.newBuilder().setMessageId(message.getMessageId())
                .setEmoji("👍").build());
        asOwner.deleteMessage(DeleteMessageRequest.newBuilder().setMessageId(message.getMessageId()).build());
        asOwner.removeMember(RemoveMemberRequest.newBuilder().setConversationId(channel.getConversationId())
                .setUserId(member.toString()).build());

        List<SpecificRecord> events = eventsOf(channel.getConversationId(), 8);
        assertThat(events).extracting(event -> event.getClass().getSimpleName()).containsExactly(
                "MemberAdded", "MemberAdded", "MessagePosted", "MessageEdited", "ReactionAdded", "ReactionRemoved",
                "MessageDeleted", "MemberRemoved");

        MemberAdded ownerAdded = (MemberAdded) events.get(0);
        assertThat(ownerAdded.getUserId()).isEqualTo(owner.toString());
        assertThat(ownerAdded.getRole()).isEqualTo(dev.cohort.events.chat.MemberRole.OWNER);
        MessagePosted posted = (MessagePosted) events.get(2);
        assertThat(posted.getMessageId()).isEqualTo(message.getMessageId());
        assertThat(posted.getSequence()).isEqualTo(1);
        assertThat(posted.getConversationKind()).isEqualTo(dev.cohort.events.chat.ConversationKind.CHANNEL);
        assertThat(posted.getText()).isEqualTo("hi @you");
        assertThat(posted.getMentions()).singleElement().satisfies(m -> assertThat(m.getUserId())
                .isEqualTo(member.toString()));
        assertThat(posted.getMentionsEveryone()).as("for notifications to reach every member").isTrue();
        assertThat(posted.getImported()).as("a sent message is news").isFalse();
        assertThat(posted.getMetadata().getProducer()).isEqualTo("chat");
        assertThat(((MessageEdited) events.get(3)).getText()).isEqualTo("hello");
        assertThat(((ReactionAdded) events.get(4)).getEmoji()).isEqualTo("👍");
        assertThat(((ReactionRemoved) events.get(5)).getUserId()).isEqualTo(member.toString());
        assertThat(((MessageDeleted) events.get(6)).getDeletedBy()).isEqualTo(owner.toString());
        MemberRemoved removed = (MemberRemoved) events.get(7);
        assertThat(removed.getUserId()).isEqualTo(member.toString());
        assertThat(removed.getRemovedBy()).isEqualTo(owner.toString());
    }

    @Test
    void importedMessagesArePublishedAsPostedAtTheirOriginalTimeAndMarkedImported() throws Exception {
        UUID owner = UUID.randomUUID();
        Conversation channel = client.as(owner).createChannel(CreateChannelRequest.newBuilder().setName("history")
                .build()).getConversation();
        Instant weeksAgo = Instant.now().minus(Duration.ofDays(15)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ImportMessagesRequest history = ImportMessagesRequest.newBuilder().setConversationId(channel.getConversationId())
                .addMessages(imported(owner, "from the old tool", "old-1", weeksAgo))
                .addMessages(imported(owner, "an hour later", "old-2", weeksAgo.plus(Duration.ofHours(1))))
                .build();
        client.asAdmin(UUID.randomUUID()).importMessages(history);

        List<SpecificRecord> events = eventsOf(channel.getConversationId(), 3);
        assertThat(events).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("MemberAdded", "MessagePosted", "MessagePosted");
        MessagePosted first = (MessagePosted) events.get(1);
        assertThat(first.getText()).isEqualTo("from the old tool");
        assertThat(first.getSequence()).isEqualTo(1);
        assertThat(first.getMetadata().getOccurredAt()).as("when it was originally posted").isEqualTo(weeksAgo);
        assertThat(((MessagePosted) events.get(2)).getMetadata().getOccurredAt())
                .isEqualTo(weeksAgo.plus(Duration.ofHours(1)));
        assertThat(events.subList(1, 3)).as("marked as history, so consumers neither notify nor count lag")
                .allSatisfy(event -> assertThat(((MessagePosted) event).getImported()).isTrue());
    }

    private static ImportedMessage imported(UUID author, String text, String clientMessageId, Instant at) {
        return ImportedMessage.newBuilder().setAuthorUserId(author.toString()).setText(text)
                .setClientMessageId(clientMessageId).setCreateTime(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(at.getEpochSecond()).setNanos(at.getNano())).build();
    }

    @Test
    void whoMayPostFollowsTheMembersHoweverTheyChangedAndTheEventsTellTheChangesInOrder() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID stays = UUID.randomUUID();
        UUID leaves = UUID.randomUUID();
        UUID joins = UUID.randomUUID();
        registerThroughIdentity(stays, leaves, joins);
        ChatServiceGrpc.ChatServiceBlockingStub asOwner = client.as(owner);
        Conversation channel = asOwner.createChannel(CreateChannelRequest.newBuilder().setName("comings and goings")
                .addMemberUserIds(stays.toString()).addMemberUserIds(leaves.toString()).build()).getConversation();
        String id = channel.getConversationId();
        post(client.as(leaves), id, "still a member", null);
        asOwner.removeMember(RemoveMemberRequest.newBuilder().setConversationId(id).setUserId(leaves.toString()).build());
        assertRefused(() -> post(client.as(leaves), id, "gone?", null), Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
        assertRefused(() -> post(client.as(joins), id, "not yet", null), Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
        asOwner.addMembers(AddMembersRequest.newBuilder().setConversationId(id).addUserIds(joins.toString()).build());
        post(client.as(joins), id, "now a member", null);
        // Behind the service's back (another replica, an operator): the writer must not go on with what it read.
        jdbc.update("delete from members where conversation_id = ? and user_id = ?", UUID.fromString(id), stays);
        assertRefused(() -> post(client.as(stays), id, "still here?", null), Status.Code.PERMISSION_DENIED,
                "NOT_A_MEMBER");
        assertRefused(() -> post(asOwner, id, "@x", leaves), Status.Code.FAILED_PRECONDITION,
                "MENTIONED_USER_NOT_MEMBER");
        post(asOwner, id, "@x", joins);

        List<SpecificRecord> events = eventsOf(id, 8);
        assertThat(events).extracting(event -> event.getClass().getSimpleName()).containsExactly(
                "MemberAdded", "MemberAdded", "MemberAdded", "MessagePosted", "MemberRemoved", "MemberAdded",
                "MessagePosted", "MessagePosted");
        assertThat(((MemberRemoved) events.get(4)).getUserId()).isEqualTo(leaves.toString());
        assertThat(((MemberAdded) events.get(5)).getUserId()).isEqualTo(joins.toString());
        assertThat(((MessagePosted) events.get(7)).getMentions()).singleElement()
                .satisfies(mention -> assertThat(mention.getUserId()).isEqualTo(joins.toString()));
    }

    private static void assertRefused(Runnable call, Status.Code code, String reason) {
        StatusRuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                call::run);
        assertThat(refused.getStatus().getCode()).isEqualTo(code);
        assertThat(refused.getStatus().getDescription()).isNotBlank();
        assertThat(dev.cohort.testkit.grpc.GrpcFailures.reason(refused)).isEqualTo(reason);
    }

    private static void post(ChatServiceGrpc.ChatServiceBlockingStub as, String conversationId, String text,
                             UUID mentioned) {
        SendMessageRequest.Builder request = SendMessageRequest.newBuilder().setConversationId(conversationId)
                .setText(text).setClientMessageId(UUID.randomUUID().toString());
        if (mentioned != null) {
            request.addMentions(Mention.newBuilder().setUserId(mentioned.toString()).setStart(0).setLength(2));
        }
        as.sendMessage(request.build());
    }

    @Test
    void groupConversationsFollowTheGroupsMembersAndAreArchivedWhenItIsDisbanded() throws Exception {
        String group = UUID.randomUUID().toString();
        String section = UUID.randomUUID().toString();
        UUID owner = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        publish(group, GroupCreated.newBuilder().setMetadata(metadata(group)).setGroupId(group).setSectionId(section)
                .setName("Graph theory").setDescription("").setVisibility(GroupVisibility.OPEN)
                .setOwnerUserId(owner.toString()).setMaxMembers(4).setMemberListVersion(1)
                .setMemberIds(List.of(owner.toString())).build());
        publish(group, changed(group, section, first, MembershipChange.JOINED, owner, 2, owner, first));
        publish(group, changed(group, section, second, MembershipChange.JOINED, owner, 3, owner, first, second));
        publish(group, changed(group, section, first, MembershipChange.LEFT, owner, 4, owner, second));
        Conversation conversation = awaitGroupConversation(second, c -> c.getMembersCount() == 2);
        assertThat(conversation.getKind()).isEqualTo(ConversationKind.CONVERSATION_KIND_GROUP);
        assertThat(conversation.getGroupId()).isEqualTo(group);
        assertThat(conversation.getName()).isEqualTo("Graph theory");
        assertThat(conversation.getMembersList()).extracting(Member::getUserId, Member::getRole).containsExactly(
                org.assertj.core.groups.Tuple.tuple(owner.toString(), MemberRole.MEMBER_ROLE_OWNER),
                org.assertj.core.groups.Tuple.tuple(second.toString(), MemberRole.MEMBER_ROLE_MEMBER));

        // A redelivered older event changes nothing: the member list version only moves forward.
        publish(group, changed(group, section, first, MembershipChange.JOINED, owner, 2, owner, first));
        publish(group, GroupDisbanded.newBuilder().setMetadata(metadata(group)).setGroupId(group)
                .setSectionId(section).setReason(DisbandReason.OWNER_DISBANDED).setDisbandedBy(owner.toString())
                .setMemberListVersion(5).setFormerMemberIds(List.of(owner.toString(), second.toString())).build());
        Conversation archived = awaitGroupConversation(second, Conversation::getArchived);
        assertThat(archived.getMembersList()).extracting(Member::getUserId)
                .containsExactly(owner.toString(), second.toString());
        assertThat(client.as(first).listConversations(ListConversationsRequest.newBuilder().setIncludeArchived(true)
                .build()).getConversationsList()).as("the member who left no longer sees it").isEmpty();
    }

    private Conversation awaitGroupConversation(UUID member, java.util.function.Predicate<Conversation> done) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> client.as(member).listConversations(
                        ListConversationsRequest.newBuilder().setIncludeArchived(true).build()).getConversationsList()
                .stream().filter(done).findFirst().orElse(null), found -> found != null);
    }

    private static GroupMembershipChanged changed(String group, String section, UUID user, MembershipChange change,
                                                  UUID owner, long version, UUID... members) {
        return GroupMembershipChanged.newBuilder().setMetadata(metadata(group)).setGroupId(group).setSectionId(section)
                .setUserId(user.toString()).setChange(change).setChangedBy(owner.toString())
                .setOwnerUserId(owner.toString()).setMemberListVersion(version)
                .setMemberIds(java.util.Arrays.stream(members).map(UUID::toString).toList()).build();
    }

    private static EventMetadata metadata(String groupId) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setAggregateId(groupId).setProducer("group").setTraceparent(null).build();
    }

    private static void publish(String key, SpecificRecord event) throws Exception {
        TestEvents.publish(GroupMembershipSync.TOPIC, key, event);
    }

    private static List<SpecificRecord> eventsOf(String conversationId, int count) {
        return TestEvents.readDecodedUntil(ChatEvents.TOPIC,
                        seen -> seen.stream().filter(r -> conversationId.equals(r.key())).count() >= count).stream()
                .filter(record -> conversationId.equals(record.key()))
                .map(ConsumerRecord::value)
                .toList();
    }
}
