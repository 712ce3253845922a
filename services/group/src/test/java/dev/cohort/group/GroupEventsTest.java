package dev.cohort.group;

import dev.cohort.eventtestkit.TestEvents;
import static dev.cohort.group.GroupClient.memberIds;
import static dev.cohort.group.v1.GroupVisibility.GROUP_VISIBILITY_APPROVAL;
import static dev.cohort.group.v1.GroupVisibility.GROUP_VISIBILITY_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.events.group.DisbandReason;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupOwnershipTransferred;
import dev.cohort.events.group.GroupVisibility;
import dev.cohort.events.group.JoinRequestRejected;
import dev.cohort.events.group.JoinRequested;
import dev.cohort.events.group.MembershipChange;
import dev.cohort.group.events.EnrollmentDrops;
import dev.cohort.group.events.GroupEvents;
import dev.cohort.group.v1.DisbandRequest;
import dev.cohort.group.v1.Group;
import dev.cohort.group.v1.GroupState;
import dev.cohort.group.v1.LeaveRequest;
import dev.cohort.group.v1.RejectRequestRequest;
import dev.cohort.group.v1.RemoveMemberRequest;
import dev.cohort.group.v1.TransferOwnershipRequest;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.testkit.grpc.BoundGrpcPort;
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
 * Group's events reach Kafka through the outbox, in order per group, against a real registry; and course's
 * EnrollmentChanged (published to a real broker) takes a student who dropped out of the section's groups, once.
 */
@SpringBootTest(classes = GroupApplication.class, properties = "spring.config.name=" + GroupApplication.CONFIG_NAME)
@Import(GroupTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupEventsTest {

    static final FakeCourse COURSE = new FakeCourse();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GroupTestSupport.register(registry, GroupEventsTest.class, COURSE, true);
        InJvmKafka.shared().createTopics(3, EnrollmentDrops.TOPIC, GroupEvents.TOPIC);
        registry.add("cohort.events.bootstrap-servers", TestEvents::bootstrapServers);
        registry.add("cohort.events.schema-registry-url", TestEvents::registryUrl);
    }

    @Autowired
    BoundGrpcPort port;
    @Autowired
    JdbcTemplate jdbc;
    GroupClient client;

    @BeforeAll
    void connect() {
        client = new GroupClient(port.get());
    }

    @AfterAll
    void disconnect() {
        client.close();
        COURSE.close();
    }

    @Test
    void publishesEveryChangeOfAGroupInOrderWithItsMemberListVersion() {
        UUID owner = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID declined = UUID.randomUUID();
        UUID section = COURSE.newSection(4);
        COURSE.enroll(section, owner, first, second, declined);
        Group group = client.create(owner, section, "Evented", GROUP_VISIBILITY_APPROVAL);
        client.approve(owner, client.join(first, group).getRequest().getRequestId());
        client.approve(owner, client.join(second, group).getRequest().getRequestId());
        String declinedRequest = client.join(declined, group).getRequest().getRequestId();
        client.as(owner).rejectRequest(RejectRequestRequest.newBuilder().setRequestId(declinedRequest).build());
        client.as(owner).removeMember(RemoveMemberRequest.newBuilder().setGroupId(group.getGroupId())
                .setUserId(second.toString()).build());
        client.as(owner).transferOwnership(TransferOwnershipRequest.newBuilder().setGroupId(group.getGroupId())
                .setNewOwnerUserId(first.toString()).build());
        client.as(owner).leave(LeaveRequest.newBuilder().setGroupId(group.getGroupId()).build());
        client.as(first).disband(DisbandRequest.newBuilder().setGroupId(group.getGroupId()).build());

        List<SpecificRecord> all = eventsOf(group.getGroupId(), 11);

        assertThat(all).extracting(event -> event.getClass().getSimpleName()).containsExactly(
                "GroupCreated", "JoinRequested", "GroupMembershipChanged", "JoinRequested", "GroupMembershipChanged",
                "JoinRequested", "JoinRequestRejected", "GroupMembershipChanged", "GroupOwnershipTransferred",
                "GroupMembershipChanged", "GroupDisbanded");
        // Requests and their rejection change no member list: the other events carry the versions.
        List<SpecificRecord> events = all.stream()
                .filter(event -> !(event instanceof JoinRequested) && !(event instanceof JoinRequestRejected))
                .toList();
        JoinRequested requested = (JoinRequested) all.get(1);
        assertThat(requested.getUserId()).isEqualTo(first.toString());
        assertThat(requested.getOwnerUserId()).as("the owner decides, and is told").isEqualTo(owner.toString());
        JoinRequestRejected rejected = (JoinRequestRejected) all.get(6);
        assertThat(rejected.getUserId()).isEqualTo(declined.toString());
        assertThat(rejected.getRequestId()).isEqualTo(declinedRequest);
        assertThat(rejected.getRejectedBy()).isEqualTo(owner.toString());
        assertThat(events).extracting(GroupEventsTest::versionOf).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);

        GroupCreated created = (GroupCreated) events.get(0);
        assertThat(created.getSectionId()).isEqualTo(section.toString());
        assertThat(created.getVisibility()).isEqualTo(GroupVisibility.APPROVAL);
        assertThat(created.getMaxMembers()).isEqualTo(4);
        assertThat(created.getMemberIds()).containsExactly(owner.toString());
        assertThat(created.getMetadata().getAggregateId()).isEqualTo(group.getGroupId());
        assertThat(created.getMetadata().getProducer()).isEqualTo("group");

        GroupMembershipChanged joined = (GroupMembershipChanged) events.get(2);
        assertThat(joined.getChange()).isEqualTo(MembershipChange.JOINED);
        assertThat(joined.getUserId()).isEqualTo(second.toString());
        assertThat(joined.getChangedBy()).isEqualTo(owner.toString());
        assertThat(joined.getMemberIds()).containsExactly(owner.toString(), first.toString(), second.toString());

        GroupMembershipChanged removed = (GroupMembershipChanged) events.get(3);
        assertThat(removed.getChange()).isEqualTo(MembershipChange.REMOVED);
        assertThat(removed.getChangedBy()).isEqualTo(owner.toString());
        assertThat(removed.getMemberIds()).containsExactly(owner.toString(), first.toString());

        GroupOwnershipTransferred transferred = (GroupOwnershipTransferred) events.get(4);
        assertThat(transferred.getPreviousOwnerUserId()).isEqualTo(owner.toString());
        assertThat(transferred.getNewOwnerUserId()).isEqualTo(first.toString());
        assertThat(transferred.getTransferredBy()).isEqualTo(owner.toString());

        GroupMembershipChanged left = (GroupMembershipChanged) events.get(5);
        assertThat(left.getChange()).isEqualTo(MembershipChange.LEFT);
        assertThat(left.getUserId()).isEqualTo(owner.toString());
        assertThat(left.getOwnerUserId()).isEqualTo(first.toString());
        assertThat(left.getMemberIds()).containsExactly(first.toString());

        GroupDisbanded disbanded = (GroupDisbanded) events.get(6);
        assertThat(disbanded.getReason()).isEqualTo(DisbandReason.OWNER_DISBANDED);
        assertThat(disbanded.getDisbandedBy()).isEqualTo(first.toString());
        assertThat(disbanded.getFormerMemberIds()).containsExactly(first.toString());
    }

    @Test
    void droppingTheSectionTakesTheStudentOutOfThatSectionsGroups() throws Exception {
        UUID dropper = UUID.randomUUID();
        UUID senior = UUID.randomUUID();
        UUID junior = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID section = COURSE.newSection(5);
        UUID elsewhere = COURSE.newSection(5);
        COURSE.enroll(section, dropper, senior, junior, other);
        COURSE.enroll(elsewhere, dropper);
        Group owned = client.create(dropper, section, "Owned by the dropper", GROUP_VISIBILITY_OPEN);
        client.join(senior, owned);
        client.join(junior, owned);
        Group joined = client.create(other, section, "Joined by the dropper", GROUP_VISIBILITY_OPEN);
        client.join(dropper, joined);
        Group alone = client.create(dropper, section, "The dropper alone", GROUP_VISIBILITY_OPEN);
        Group asked = client.create(other, section, "Asked by the dropper", GROUP_VISIBILITY_APPROVAL);
        String request = client.join(dropper, asked).getRequest().getRequestId();
        Group unrelated = client.create(dropper, elsewhere, "Another section", GROUP_VISIBILITY_OPEN);

        COURSE.drop(section, dropper);
        TestEvents.publish(EnrollmentDrops.TOPIC, section.toString(), dropped(dropper, section));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                client.get(other, alone).getState() == GroupState.GROUP_STATE_DISBANDED);
        Group successor = client.get(other, owned);
        assertThat(successor.getOwnerUserId()).as("the longest-standing member").isEqualTo(senior.toString());
        assertThat(memberIds(successor)).containsExactly(senior.toString(), junior.toString());
        assertThat(memberIds(client.get(other, joined))).containsExactly(other.toString());
        assertThat(requestState(request)).isEqualTo("CANCELLED");
        assertThat(memberIds(client.get(other, unrelated))).containsExactly(dropper.toString());

        List<SpecificRecord> ownedEvents = eventsOf(owned.getGroupId(), 5);
        GroupOwnershipTransferred handedOver = (GroupOwnershipTransferred) ownedEvents.get(3);
        assertThat(handedOver.getPreviousOwnerUserId()).isEqualTo(dropper.toString());
        assertThat(handedOver.getNewOwnerUserId()).isEqualTo(senior.toString());
        assertThat(handedOver.getTransferredBy()).isNull();
        GroupMembershipChanged removed = (GroupMembershipChanged) ownedEvents.get(4);
        assertThat(removed.getChange()).isEqualTo(MembershipChange.REMOVED);
        assertThat(removed.getUserId()).isEqualTo(dropper.toString());
        assertThat(removed.getChangedBy()).isNull();
        assertThat(removed.getOwnerUserId()).isEqualTo(senior.toString());
        GroupDisbanded ended = (GroupDisbanded) eventsOf(alone.getGroupId(), 2).get(1);
        assertThat(ended.getReason()).isEqualTo(DisbandReason.LAST_MEMBER_DROPPED);
        assertThat(ended.getDisbandedBy()).isNull();
    }

    @Test
    void aRedeliveredDropIsAppliedOnce() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID student = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        UUID section = COURSE.newSection(5);
        COURSE.enroll(section, owner, student, later);
        Group group = client.create(owner, section, "Returning", GROUP_VISIBILITY_OPEN);
        client.join(student, group);
        client.join(later, group);
        EnrollmentChanged drop = dropped(student, section);

        TestEvents.publish(EnrollmentDrops.TOPIC, section.toString(), drop);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                !memberIds(client.get(owner, group)).contains(student.toString()));
        // The student enrolls again and rejoins; then Kafka delivers the old drop a second time.
        client.join(student, group);
        TestEvents.publish(EnrollmentDrops.TOPIC, section.toString(), drop);
        TestEvents.publish(EnrollmentDrops.TOPIC, section.toString(), dropped(later, section));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                !memberIds(client.get(owner, group)).contains(later.toString()));
        assertThat(memberIds(client.get(owner, group))).containsExactly(owner.toString(), student.toString());
    }

    private static EnrollmentChanged dropped(UUID student, UUID section) {
        return EnrollmentChanged.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.now())
                        .setAggregateId(section.toString())
                        .setProducer("course")
                        .build())
                .setUserId(student.toString())
                .setSectionId(section.toString())
                .setCourseId(UUID.randomUUID().toString())
                .setChange(EnrollmentChange.DROPPED)
                .build();
    }

    /** The first {@code count} events of a group, in the order Kafka holds them. */
    private static List<SpecificRecord> eventsOf(String groupId, int count) {
        List<ConsumerRecord<String, SpecificRecord>> records = TestEvents.readDecodedUntil(GroupEvents.TOPIC,
                seen -> seen.stream().filter(record -> groupId.equals(record.key())).count() >= count);
        return records.stream().filter(record -> groupId.equals(record.key())).map(ConsumerRecord::value)
                .limit(count).toList();
    }

    private static long versionOf(SpecificRecord event) {
        return (long) event.get(event.getSchema().getField("member_list_version").pos());
    }

    private String requestState(String requestId) {
        return jdbc.queryForObject("select state from join_requests where id = ?", String.class,
                UUID.fromString(requestId));
    }
}
