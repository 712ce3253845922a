package dev.cohort.chat.live;

import dev.cohort.eventtestkit.TestEvents;
import static dev.cohort.chat.live.LiveTestKit.connect;
import static dev.cohort.chat.live.LiveTestKit.live;
import static dev.cohort.chat.live.LiveTestKit.subscribeCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.ChatClient;
import dev.cohort.chat.ChatTestSupport;
import dev.cohort.chat.app.KnownUsers;
import dev.cohort.chat.events.ProfileContacts;
import dev.cohort.chat.events.SectionEnrollments;
import dev.cohort.chat.v1.AddMembersRequest;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.GetPresenceRequest;
import dev.cohort.chat.v1.JoinChannelRequest;
import dev.cohort.chat.v1.OpenDirectRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.events.Topics;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.events.profile.ContactPermission;
import dev.cohort.events.profile.UnfollowReason;
import dev.cohort.events.profile.PrivacyChanged;
import dev.cohort.events.profile.ProfileVisibility;
import dev.cohort.events.profile.UserBlocked;
import dev.cohort.events.profile.UserFollowed;
import dev.cohort.events.profile.UserUnblocked;
import dev.cohort.events.profile.UserUnfollowed;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
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
 * Who may reach whom (ADR 0036): profile's privacy settings, follows and blocks, published as real Avro events to
 * a real broker, decide whether a direct conversation opens, whether someone is added to a channel, whether a
 * message is sent in a direct conversation and whether presence and typing reach the other person.
 */
@SpringBootTest(classes = ChatApplication.class, properties = "spring.config.name=" + ChatApplication.CONFIG_NAME)
@Import(ChatTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactsAndBlocksTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry properties) {
        ChatTestSupport.register(properties, ContactsAndBlocksTest.class, true);
        InJvmKafka.shared().createTopics(3, Topics.PROFILE_PROFILES, Topics.PROFILE_RELATIONSHIPS,
                Topics.COURSE_ENROLLMENTS);
        properties.add("cohort.events.bootstrap-servers", TestEvents::bootstrapServers);
        properties.add("cohort.events.schema-registry-url", TestEvents::registryUrl);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KnownUsers users;
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
    void aDirectConversationOpensOnlyAsTheOtherPersonsDirectMessageSettingAllows() throws Exception {
        UUID ada = person();
        UUID nobody = person();
        settings(nobody, ContactPermission.NOBODY, ContactPermission.EVERYONE, Instant.now());
        assertRefused(() -> openDirect(ada, nobody), "DIRECT_MESSAGES_NOT_ALLOWED");

        UUID everyone = person();
        settings(everyone, ContactPermission.EVERYONE, ContactPermission.NOBODY, Instant.now());
        assertThat(openDirect(ada, everyone)).isNotBlank();

        // No PrivacyChanged at all: classmates only, and a classmate shares a conversation with the caller.
        UUID classmate = person();
        assertRefused(() -> openDirect(ada, classmate), "DIRECT_MESSAGES_NOT_ALLOWED");
        String lecture = client.as(ada).createChannel(CreateChannelRequest.newBuilder().setName("lecture")
                .build()).getConversation().getConversationId();
        client.as(classmate).joinChannel(JoinChannelRequest.newBuilder().setConversationId(lecture).build());
        assertThat(openDirect(ada, classmate)).isNotBlank();

        UUID picky = person();
        settings(picky, ContactPermission.PEOPLE_I_FOLLOW, ContactPermission.EVERYONE, Instant.now());
        assertRefused(() -> openDirect(ada, picky), "DIRECT_MESSAGES_NOT_ALLOWED");
        publish(Topics.PROFILE_RELATIONSHIPS, picky, UserFollowed.newBuilder().setMetadata(metadata(picky))
                .setFollowerUserId(picky.toString()).setFollowedUserId(ada.toString()).build());
        awaitUntil(() -> count("select count(*) from follows where follower_id = ?", picky) == 1);
        assertThat(openDirect(ada, picky)).isNotBlank();
    }

    @Test
    void sectionMatesAreClassmatesFromCoursesEnrollmentEventsUntilOneDrops() throws Exception {
        UUID ada = person();
        UUID ben = person();
        UUID cy = person();
        UUID section = UUID.randomUUID();
        // Default settings (classmates only for both) and no conversation shared: refused.
        assertRefused(() -> openDirect(ada, ben), "DIRECT_MESSAGES_NOT_ALLOWED");
        String adasChannel = client.as(ada).createChannel(CreateChannelRequest.newBuilder().setName("notes")
                .build()).getConversation().getConversationId();
        assertRefused(() -> add(ada, adasChannel, cy), "CHANNEL_INVITES_NOT_ALLOWED");

        for (UUID student : new UUID[] {ada, ben, cy}) {
            enrollment(section, student, EnrollmentChange.ENROLLED);
        }
        assertThat(openDirect(ada, ben)).as("section-mates may message each other").isNotBlank();
        assertThat(add(ada, adasChannel, cy).getConversation().getMemberCount()).isEqualTo(2);

        UUID dan = person();
        EnrollmentChanged enrolled = enrollment(section, dan, EnrollmentChange.ENROLLED);
        enrollment(section, dan, EnrollmentChange.DROPPED);
        // The enrollment delivered again after the drop is applied no second time: once a later event of the same
        // section (same key, same partition) is applied, the redelivery was seen and skipped.
        publish(Topics.COURSE_ENROLLMENTS, section, enrolled);
        enrollment(section, person(), EnrollmentChange.ENROLLED);
        assertThat(count("select count(*) from section_members where user_id = ?", dan)).isZero();
        assertRefused(() -> openDirect(ada, dan), "DIRECT_MESSAGES_NOT_ALLOWED");
    }

    @Test
    void anOlderPrivacyChangeArrivingLateDoesNotUndoANewerOne() throws Exception {
        UUID ada = person();
        UUID ben = person();
        Instant now = Instant.now();
        settings(ben, ContactPermission.EVERYONE, ContactPermission.EVERYONE, now);
        PrivacyChanged older = privacy(ben, ContactPermission.NOBODY, ContactPermission.NOBODY, now.minusSeconds(60));
        publish(Topics.PROFILE_PROFILES, ben, older);
        awaitApplied(older.getMetadata());
        assertThat(openDirect(ada, ben)).isNotBlank();
    }

    @Test
    void peopleAreAddedToChannelsOnlyAsTheirChannelInviteSettingAllows() throws Exception {
        UUID owner = person();
        UUID closed = person();
        UUID open = person();
        settings(closed, ContactPermission.EVERYONE, ContactPermission.NOBODY, Instant.now());
        settings(open, ContactPermission.NOBODY, ContactPermission.EVERYONE, Instant.now());
        String channel = client.as(owner).createChannel(CreateChannelRequest.newBuilder().setName("study")
                .build()).getConversation().getConversationId();

        assertRefused(() -> add(owner, channel, closed), "CHANNEL_INVITES_NOT_ALLOWED");
        assertRefused(() -> client.as(owner).createChannel(CreateChannelRequest.newBuilder().setName("with closed")
                .addMemberUserIds(closed.toString()).build()), "CHANNEL_INVITES_NOT_ALLOWED");
        assertThat(add(owner, channel, open).getConversation().getMemberCount()).isEqualTo(2);
    }

    @Test
    void aBlockKeepsBothApartUntilItIsLiftedAndReplayedEventsChangeNothing() throws Exception {
        UUID ada = person();
        UUID ben = person();
        UUID cy = person();
        for (UUID user : new UUID[] {ada, ben, cy}) {
            settings(user, ContactPermission.EVERYONE, ContactPermission.EVERYONE, Instant.now());
        }
        String direct = openDirect(ada, ben);
        send(ben, direct);
        String adasChannel = channel(ada, cy);
        String bensChannel = channel(ben, cy);
        String shared = channel(cy, ada, ben);

        publish(Topics.PROFILE_RELATIONSHIPS, ada, UserUnfollowed.newBuilder().setMetadata(metadata(ada))
                .setFollowerUserId(ada.toString()).setFollowedUserId(ben.toString())
                .setReason(UnfollowReason.BLOCKED).build());
        UserBlocked block = UserBlocked.newBuilder().setMetadata(metadata(ada)).setBlockerUserId(ada.toString())
                .setBlockedUserId(ben.toString()).build();
        publish(Topics.PROFILE_RELATIONSHIPS, ada, block);
        awaitUntil(() -> count("select count(*) from blocks where blocker_id = ?", ada) == 1);

        assertRefused(() -> openDirect(ada, ben), "DIRECT_MESSAGES_NOT_ALLOWED");
        assertRefused(() -> openDirect(ben, ada), "DIRECT_MESSAGES_NOT_ALLOWED");
        assertRefused(() -> send(ben, direct), "DIRECT_MESSAGES_NOT_ALLOWED");
        assertRefused(() -> send(ada, direct), "DIRECT_MESSAGES_NOT_ALLOWED");
        assertRefused(() -> add(ada, adasChannel, ben), "CHANNEL_INVITES_NOT_ALLOWED");
        assertRefused(() -> add(ben, bensChannel, ada), "CHANNEL_INVITES_NOT_ALLOWED");

        // Ben follows the channel they share with Ada; Ada comes online, then Cy: Ben hears of Cy only.
        LiveTestKit.ConnectStream bensStream = connect(client, ben);
        bensStream.command(subscribeCommand(live(UUID.fromString(shared))));
        LiveTestKit.ConnectStream adasStream = connect(client, ada);
        LiveTestKit.ConnectStream cysStream = connect(client, cy);
        bensStream.frames().await(frame -> presenceOf(frame, cy));
        assertThat(bensStream.frames().frames()).noneMatch(frame -> presenceOf(frame, ada));
        assertThat(client.as(ben).getPresence(GetPresenceRequest.newBuilder().addUserIds(ada.toString())
                .addUserIds(cy.toString()).build()).getPresencesList())
                .extracting(presence -> presence.getOnline()).containsExactly(false, true);

        UserUnblocked unblock = UserUnblocked.newBuilder().setMetadata(metadata(ada))
                .setBlockerUserId(ada.toString()).setBlockedUserId(ben.toString()).build();
        publish(Topics.PROFILE_RELATIONSHIPS, ada, unblock);
        awaitUntil(() -> count("select count(*) from blocks where blocker_id = ?", ada) == 0);
        // The block redelivered after the unblock is applied no second time.
        publish(Topics.PROFILE_RELATIONSHIPS, ada, block);
        awaitApplied(unblock.getMetadata());
        UserFollowed marker = UserFollowed.newBuilder().setMetadata(metadata(ada)).setFollowerUserId(ada.toString())
                .setFollowedUserId(cy.toString()).build();
        publish(Topics.PROFILE_RELATIONSHIPS, ada, marker);
        awaitApplied(marker.getMetadata());

        assertThat(count("select count(*) from blocks where blocker_id = ?", ada)).isZero();
        assertThat(openDirect(ben, ada)).isEqualTo(direct);
        send(ben, direct);
        send(ada, direct);
        assertThat(add(ada, adasChannel, ben).getConversation().getMemberCount()).isEqualTo(3);
        assertThat(client.as(ben).getPresence(GetPresenceRequest.newBuilder().addUserIds(ada.toString()).build())
                .getPresences(0).getOnline()).isTrue();
        adasStream.close();
        bensStream.frames().await(frame -> presenceOf(frame, ada) && !frame.getPresenceChanged().getPresence()
                .getOnline());
        bensStream.close();
        cysStream.close();
    }

    // ---- helpers ----

    private UUID person() {
        UUID user = UUID.randomUUID();
        users.registered(user, Instant.now());
        return user;
    }

    private String openDirect(UUID caller, UUID other) {
        return client.as(caller).openDirect(OpenDirectRequest.newBuilder().addParticipantUserIds(other.toString())
                .build()).getConversation().getConversationId();
    }

    private dev.cohort.chat.v1.AddMembersResponse add(UUID owner, String channel, UUID user) {
        return client.as(owner).addMembers(AddMembersRequest.newBuilder().setConversationId(channel)
                .addUserIds(user.toString()).build());
    }

    private String channel(UUID owner, UUID... members) {
        CreateChannelRequest.Builder request = CreateChannelRequest.newBuilder().setName("c " + UUID.randomUUID());
        for (UUID member : members) {
            request.addMemberUserIds(member.toString());
        }
        return client.as(owner).createChannel(request.build()).getConversation().getConversationId();
    }

    private void send(UUID author, String conversation) {
        client.as(author).sendMessage(SendMessageRequest.newBuilder().setConversationId(conversation)
                .setText("hello").setClientMessageId(UUID.randomUUID().toString()).build());
    }

    private static boolean presenceOf(ServerFrame frame, UUID user) {
        return frame.hasPresenceChanged() && frame.getPresenceChanged().getPresence().getUserId()
                .equals(user.toString());
    }

    /** Publishes the settings as profile would and waits until chat applied them. */
    private void settings(UUID user, ContactPermission directMessages, ContactPermission channelInvites, Instant at)
            throws Exception {
        PrivacyChanged change = privacy(user, directMessages, channelInvites, at);
        publish(Topics.PROFILE_PROFILES, user, change);
        awaitApplied(change.getMetadata());
    }

    private static PrivacyChanged privacy(UUID user, ContactPermission directMessages,
                                          ContactPermission channelInvites, Instant at) {
        return PrivacyChanged.newBuilder().setMetadata(metadata(user)).setUserId(user.toString())
                .setProfileVisibility(ProfileVisibility.CLASSMATES).setDirectMessages(directMessages)
                .setChannelInvites(channelInvites).setShowEmail(false).setChangedAt(at).build();
    }

    /** Publishes an enrollment change as course would (keyed by section) and waits until chat applied it. */
    private EnrollmentChanged enrollment(UUID section, UUID student, EnrollmentChange change) throws Exception {
        EnrollmentChanged event = EnrollmentChanged.newBuilder().setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setAggregateId(section.toString())
                        .setProducer("course").setTraceparent(null).build())
                .setUserId(student.toString()).setSectionId(section.toString())
                .setCourseId(UUID.randomUUID().toString()).setChange(change).build();
        publish(Topics.COURSE_ENROLLMENTS, section, event);
        awaitUntil(() -> jdbc.queryForObject("select count(*) from cohort_events.processed_events where consumer = ? "
                + "and event_id = ?", Integer.class, SectionEnrollments.CONSUMER,
                event.getMetadata().getEventId()) == 1);
        return event;
    }

    private void awaitApplied(EventMetadata metadata) {
        awaitUntil(() -> jdbc.queryForObject("select count(*) from cohort_events.processed_events where consumer = ? "
                + "and event_id = ?", Integer.class, ProfileContacts.CONSUMER, metadata.getEventId()) == 1);
    }

    private int count(String sql, UUID user) {
        return jdbc.queryForObject(sql, Integer.class, user);
    }

    private static void awaitUntil(Supplier<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(condition::get);
    }

    private static void assertRefused(Runnable call, String reason) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call::run);
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getStatus().getDescription()).isNotBlank();
        assertThat(GrpcFailures.reason(refused)).isEqualTo(reason);
    }

    private static EventMetadata metadata(UUID aggregate) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setAggregateId(aggregate.toString()).setProducer("profile").setTraceparent(null).build();
    }

    private static void publish(String topic, UUID key, SpecificRecord event) throws Exception {
        TestEvents.publish(topic, key.toString(), event);
    }
}
