package dev.cohort.profile;

import dev.cohort.eventtestkit.TestEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.events.Topics;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRemoved;
import dev.cohort.events.chat.MemberRole;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.events.group.DisbandReason;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupVisibility;
import dev.cohort.events.group.MembershipChange;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.identity.UserReinstated;
import dev.cohort.events.identity.UserSuspended;
import dev.cohort.events.profile.ContactPermission;
import dev.cohort.events.profile.PrivacyChanged;
import dev.cohort.events.profile.ProfileUpdated;
import dev.cohort.events.profile.ProfileVisibility;
import dev.cohort.events.profile.UnfollowReason;
import dev.cohort.events.profile.UserBlocked;
import dev.cohort.events.profile.UserFollowed;
import dev.cohort.events.profile.UserUnblocked;
import dev.cohort.events.profile.UserUnfollowed;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.profile.events.ConversationMemberships;
import dev.cohort.profile.events.ProfileEvents;
import dev.cohort.profile.events.UserRegistrations;
import dev.cohort.profile.v1.GetMyProfileRequest;
import dev.cohort.profile.v1.PrivacySettings;
import dev.cohort.profile.v1.Profile;
import dev.cohort.profile.v1.ProfileLink;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * Profile on a real Kafka broker and schema registry: identity's UserRegistered creates a profile (once, however
 * often it is delivered); course's enrollments, group's member lists and chat's members make people classmates
 * and stop doing so; and every change profile makes reaches its topics through the outbox, keyed so that the
 * events of one person, one follow and one block stay in order.
 */
@SpringBootTest(classes = ProfileApplication.class, properties = "spring.config.name=" + ProfileApplication.CONFIG_NAME)
@Import(ProfileTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileEventsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ProfileTestSupport.register(registry, ProfileEventsTest.class, true);
        InJvmKafka.shared().createTopics(3, Topics.IDENTITY_USERS, Topics.COURSE_ENROLLMENTS, Topics.GROUP_GROUPS,
                Topics.CHAT_MESSAGES, ProfileEvents.PROFILES, ProfileEvents.RELATIONSHIPS);
        registry.add("cohort.events.bootstrap-servers", TestEvents::bootstrapServers);
        registry.add("cohort.events.schema-registry-url", TestEvents::registryUrl);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    JdbcTemplate jdbc;
    ProfileClient client;

    @BeforeAll
    void connect() {
        client = new ProfileClient(port.get());
    }

    @AfterAll
    void disconnect() {
        client.close();
    }

    @Test
    void aUserRegisteredEventCreatesTheProfileOnceHoweverOftenItArrives() throws Exception {
        UUID user = UUID.randomUUID();
        UserRegistered registration = registration(user, "Katherine Johnson");
        UserRegistered again = registration(user, "Somebody Else");

        publish(UserRegistrations.TOPIC, user, registration);
        publish(UserRegistrations.TOPIC, user, registration);
        publish(UserRegistrations.TOPIC, user, again);

        Profile profile = awaitProfile(user);
        assertThat(profile.getDisplayName()).isEqualTo("Katherine Johnson");
        assertThat(profile.getEmail()).isEqualTo(registration.getEmail());
        Awaitility.await().atMost(PATIENCE).until(() -> applied(UserRegistrations.CONSUMER, again) == 1);
        assertThat(jdbc.queryForObject("select count(*) from profiles where user_id = ?", Integer.class, user))
                .isEqualTo(1);
        assertThat(applied(UserRegistrations.CONSUMER, registration)).as("the replayed event applied once")
                .isEqualTo(1);
        assertThat(awaitProfile(user).getDisplayName()).as("a second registration of the id changes nothing")
                .isEqualTo("Katherine Johnson");
    }

    @Test
    void aSuspendedAccountIsHiddenFromEveryoneButItsOwnerUntilReinstated() throws Exception {
        UUID viewer = registered("Suspension Viewer");
        UUID sam = registered("Suspendable Sam");
        client.visibility(sam, dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_EVERYONE);
        assertThat(client.found(viewer, "suspendable")).contains(sam.toString());

        publish(UserRegistrations.TOPIC, sam, UserSuspended.newBuilder().setMetadata(metadata(sam, "identity"))
                .setUserId(sam.toString()).setReason("test").setSuspendedBy(viewer.toString()).build());
        Awaitility.await().atMost(PATIENCE).until(() -> client.batch(viewer, List.of(sam)).isEmpty());
        StatusRuntimeException hidden = ProfileClient.failure(() -> client.get(viewer, sam));
        assertThat(hidden.getStatus().getCode()).as("answers as a missing profile").isEqualTo(Status.Code.NOT_FOUND);
        assertThat(client.found(viewer, "suspendable")).doesNotContain(sam.toString());
        StatusRuntimeException follow = ProfileClient.failure(() -> client.follow(viewer, sam));
        assertThat(follow.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(client.as(sam).getMyProfile(GetMyProfileRequest.getDefaultInstance()).getProfile().getUserId())
                .as("the owner still sees it").isEqualTo(sam.toString());

        publish(UserRegistrations.TOPIC, sam, UserReinstated.newBuilder().setMetadata(metadata(sam, "identity"))
                .setUserId(sam.toString()).setReinstatedBy(viewer.toString()).build());
        Awaitility.await().atMost(PATIENCE).until(() -> client.batch(viewer, List.of(sam)).size() == 1);
        assertThat(client.found(viewer, "suspendable")).contains(sam.toString());
    }

    @Test
    void courseGroupAndChatEventsMakePeopleClassmatesAndUnmakeThem() throws Exception {
        UUID owner = registered("Classmates Owner");
        UUID sectionmate = registered("Section Mate");
        UUID groupmate = registered("Group Mate");
        UUID chatmate = registered("Chat Mate");
        UUID section = UUID.randomUUID();
        UUID group = UUID.randomUUID();
        UUID conversation = UUID.randomUUID();

        publish(Topics.COURSE_ENROLLMENTS, section, enrollment(owner, section, EnrollmentChange.ENROLLED));
        publish(Topics.COURSE_ENROLLMENTS, section, enrollment(sectionmate, section, EnrollmentChange.ENROLLED));
        awaitVisible(sectionmate, owner, true);
        publish(Topics.COURSE_ENROLLMENTS, section, enrollment(sectionmate, section, EnrollmentChange.DROPPED));
        awaitVisible(sectionmate, owner, false);

        publish(Topics.GROUP_GROUPS, group, groupCreated(group, section, owner));
        publish(Topics.GROUP_GROUPS, group, membersChanged(group, section, owner, groupmate, 2, owner, groupmate));
        awaitVisible(groupmate, owner, true);
        // Redelivered out of its place (a new event id, an old list): the newer list stands.
        publish(Topics.GROUP_GROUPS, group, membersChanged(group, section, owner, owner, 1, owner));
        publish(Topics.GROUP_GROUPS, group, disbanded(group, section, 3, owner, groupmate));
        awaitVisible(groupmate, owner, false);

        publish(ConversationMemberships.TOPIC, conversation, memberAdded(conversation, owner));
        publish(ConversationMemberships.TOPIC, conversation, memberAdded(conversation, chatmate));
        awaitVisible(chatmate, owner, true);
        publish(ConversationMemberships.TOPIC, conversation, memberRemoved(conversation, chatmate));
        awaitVisible(chatmate, owner, false);
    }

    @Test
    void everyChangeIsPublishedThroughTheOutboxKeyedByWhoItBelongsTo() throws Exception {
        UUID ada = registered("Ada Outbox");
        UUID bob = registered("Bob Outbox");
        client.visibility(bob, dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_EVERYONE);

        Profile values = Profile.newBuilder().setBio("Poetical science.").setProgram("Mathematics")
                .addLinks(ProfileLink.newBuilder().setLabel("Notes").setUrl("https://notes.example/ada")).build();
        client.update(ada, values, "bio", "program", "links");
        client.update(ada, values, "bio", "program");
        client.privacy(ada, PrivacySettings.newBuilder().setShowEmail(true)
                .setDirectMessages(dev.cohort.profile.v1.ContactPermission.CONTACT_PERMISSION_NOBODY).build(),
                "show_email", "direct_messages");
        client.visibility(ada, dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_EVERYONE);
        client.follow(ada, bob);
        client.follow(ada, bob);
        client.unfollow(ada, bob);
        client.follow(ada, bob);
        client.follow(bob, ada);
        client.block(ada, bob);
        client.block(ada, bob);
        client.unblock(ada, bob);

        List<SpecificRecord> adaProfile = eventsOf(ProfileEvents.PROFILES, ada, 3);
        assertThat(adaProfile).extracting(event -> event.getClass().getSimpleName())
                .as("the repeated update changed nothing and published nothing")
                .containsExactly("ProfileUpdated", "PrivacyChanged", "PrivacyChanged");
        ProfileUpdated updated = (ProfileUpdated) adaProfile.get(0);
        assertThat(updated.getUserId()).isEqualTo(ada.toString());
        assertThat(updated.getChangedFields()).containsExactly("bio", "program", "links");
        assertThat(updated.getDisplayName()).isEqualTo("Ada Outbox");
        assertThat(updated.getBio()).isEqualTo("Poetical science.");
        assertThat(updated.getLinks()).singleElement().satisfies(link ->
                assertThat(link.getUrl()).isEqualTo("https://notes.example/ada"));
        assertThat(updated.getMetadata().getProducer()).isEqualTo("profile");
        PrivacyChanged privacy = (PrivacyChanged) adaProfile.get(1);
        assertThat(privacy.getShowEmail()).isTrue();
        assertThat(privacy.getDirectMessages()).isEqualTo(ContactPermission.NOBODY);
        assertThat(privacy.getProfileVisibility()).isEqualTo(ProfileVisibility.CLASSMATES);
        assertThat(privacy.getChannelInvites()).isEqualTo(ContactPermission.CLASSMATES);
        assertThat(((PrivacyChanged) adaProfile.get(2)).getProfileVisibility()).isEqualTo(ProfileVisibility.EVERYONE);

        List<SpecificRecord> byAda = eventsOf(ProfileEvents.RELATIONSHIPS, ada, 6);
        assertThat(byAda).extracting(event -> event.getClass().getSimpleName()).as("follows repeated publish nothing")
                .containsExactly("UserFollowed", "UserUnfollowed", "UserFollowed", "UserUnfollowed", "UserBlocked",
                        "UserUnblocked");
        assertThat(((UserFollowed) byAda.get(0)).getFollowedUserId()).isEqualTo(bob.toString());
        assertThat(((UserUnfollowed) byAda.get(1)).getReason()).isEqualTo(UnfollowReason.UNFOLLOWED);
        assertThat(((UserUnfollowed) byAda.get(3)).getReason()).isEqualTo(UnfollowReason.BLOCKED);
        UserBlocked blocked = (UserBlocked) byAda.get(4);
        assertThat(blocked.getBlockerUserId()).isEqualTo(ada.toString());
        assertThat(blocked.getBlockedUserId()).isEqualTo(bob.toString());
        assertThat(((UserUnblocked) byAda.get(5)).getBlockedUserId()).isEqualTo(bob.toString());

        List<SpecificRecord> byBob = eventsOf(ProfileEvents.RELATIONSHIPS, bob, 2);
        assertThat(byBob).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("UserFollowed", "UserUnfollowed");
        UserUnfollowed ended = (UserUnfollowed) byBob.get(1);
        assertThat(ended.getFollowerUserId()).isEqualTo(bob.toString());
        assertThat(ended.getFollowedUserId()).isEqualTo(ada.toString());
        assertThat(ended.getReason()).as("Ada's block ended Bob's follow").isEqualTo(UnfollowReason.BLOCKED);
    }

    /** Registers a user as identity does (through its event) and waits for the profile. */
    private UUID registered(String name) throws Exception {
        UUID user = UUID.randomUUID();
        publish(UserRegistrations.TOPIC, user, registration(user, name));
        awaitProfile(user);
        return user;
    }

    private Profile awaitProfile(UUID user) {
        return Awaitility.await().atMost(PATIENCE).ignoreException(StatusRuntimeException.class)
                .until(() -> client.as(user).getMyProfile(GetMyProfileRequest.getDefaultInstance()).getProfile(),
                        profile -> true);
    }

    private void awaitVisible(UUID viewer, UUID owner, boolean visible) {
        Awaitility.await().atMost(PATIENCE).until(() -> {
            try {
                return client.get(viewer, owner).getRelationship().getClassmate() == visible;
            } catch (StatusRuntimeException hidden) {
                assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                return !visible;
            }
        });
    }

    /** How many times {@code consumer} recorded {@code event} as applied (0 or 1). */
    private int applied(String consumer, UserRegistered event) {
        Integer count = jdbc.queryForObject("select count(*) from cohort_events.processed_events where consumer = ? "
                + "and event_id = ?::uuid", Integer.class, consumer, event.getMetadata().getEventId().toString());
        return count == null ? 0 : count;
    }

    /** The first {@code count} events keyed by {@code key} on {@code topic}, in the order Kafka holds them. */
    private static List<SpecificRecord> eventsOf(String topic, UUID key, int count) {
        String wanted = key.toString();
        List<ConsumerRecord<String, SpecificRecord>> records = TestEvents.readDecodedUntil(topic,
                seen -> seen.stream().filter(record -> wanted.equals(record.key())).count() >= count);
        return records.stream().filter(record -> wanted.equals(record.key())).map(ConsumerRecord::value)
                .limit(count).toList();
    }

    private static void publish(String topic, UUID key, SpecificRecord event) throws Exception {
        TestEvents.publish(topic, key.toString(), event);
    }

    private static EventMetadata metadata(UUID aggregate, String producer) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setAggregateId(aggregate.toString()).setProducer(producer).setTraceparent(null).build();
    }

    private static UserRegistered registration(UUID user, String name) {
        return UserRegistered.newBuilder().setMetadata(metadata(user, "identity")).setUserId(user.toString())
                .setEmail("u" + user.toString().substring(0, 8) + "@example.org").setDisplayName(name)
                .setRoles(List.of("ROLE_STUDENT")).build();
    }

    private static EnrollmentChanged enrollment(UUID student, UUID section, EnrollmentChange change) {
        return EnrollmentChanged.newBuilder().setMetadata(metadata(section, "course")).setUserId(student.toString())
                .setSectionId(section.toString()).setCourseId(UUID.randomUUID().toString()).setChange(change).build();
    }

    private static GroupCreated groupCreated(UUID group, UUID section, UUID owner) {
        return GroupCreated.newBuilder().setMetadata(metadata(group, "group")).setGroupId(group.toString())
                .setSectionId(section.toString()).setName("Evented group").setDescription("")
                .setVisibility(GroupVisibility.OPEN).setOwnerUserId(owner.toString()).setMaxMembers(4)
                .setMemberListVersion(1).setMemberIds(List.of(owner.toString())).build();
    }

    private static GroupMembershipChanged membersChanged(UUID group, UUID section, UUID owner, UUID changed,
                                                         long version, UUID... members) {
        return GroupMembershipChanged.newBuilder().setMetadata(metadata(group, "group")).setGroupId(group.toString())
                .setSectionId(section.toString()).setUserId(changed.toString()).setChange(MembershipChange.JOINED)
                .setChangedBy(changed.toString()).setOwnerUserId(owner.toString()).setMemberListVersion(version)
                .setMemberIds(java.util.Arrays.stream(members).map(UUID::toString).toList()).build();
    }

    private static GroupDisbanded disbanded(UUID group, UUID section, long version, UUID... former) {
        return GroupDisbanded.newBuilder().setMetadata(metadata(group, "group")).setGroupId(group.toString())
                .setSectionId(section.toString()).setReason(DisbandReason.OWNER_DISBANDED)
                .setDisbandedBy(former[0].toString()).setMemberListVersion(version)
                .setFormerMemberIds(java.util.Arrays.stream(former).map(UUID::toString).toList()).build();
    }

    private static MemberAdded memberAdded(UUID conversation, UUID user) {
        return MemberAdded.newBuilder().setMetadata(metadata(conversation, "chat"))
                .setConversationId(conversation.toString()).setUserId(user.toString()).setRole(MemberRole.MEMBER)
                .setAddedBy(user.toString()).build();
    }

    private static MemberRemoved memberRemoved(UUID conversation, UUID user) {
        return MemberRemoved.newBuilder().setMetadata(metadata(conversation, "chat"))
                .setConversationId(conversation.toString()).setUserId(user.toString())
                .setRemovedBy(user.toString()).build();
    }
}
