package dev.cohort.group;

import static dev.cohort.group.GroupClient.failure;
import static dev.cohort.group.GroupClient.memberIds;
import static dev.cohort.group.GroupClient.reason;
import static dev.cohort.group.v1.GroupVisibility.GROUP_VISIBILITY_APPROVAL;
import static dev.cohort.group.v1.GroupVisibility.GROUP_VISIBILITY_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.group.v1.ApproveRequestRequest;
import dev.cohort.group.v1.CancelRequestRequest;
import dev.cohort.group.v1.CreateGroupRequest;
import dev.cohort.group.v1.DisbandRequest;
import dev.cohort.group.v1.GetGroupRequest;
import dev.cohort.group.v1.Group;
import dev.cohort.group.v1.GroupMember;
import dev.cohort.group.v1.GroupState;
import dev.cohort.group.v1.JoinRequest;
import dev.cohort.group.v1.JoinRequestState;
import dev.cohort.group.v1.LeaveRequest;
import dev.cohort.group.v1.ListGroupsInSectionRequest;
import dev.cohort.group.v1.ListGroupsInSectionResponse;
import dev.cohort.group.v1.ListMyGroupsRequest;
import dev.cohort.group.v1.ListMyGroupsResponse;
import dev.cohort.group.v1.ListPendingRequestsRequest;
import dev.cohort.group.v1.ListPendingRequestsResponse;
import dev.cohort.group.v1.MemberRole;
import dev.cohort.group.v1.RejectRequestRequest;
import dev.cohort.group.v1.RemoveMemberRequest;
import dev.cohort.group.v1.RequestToJoinResponse;
import dev.cohort.group.v1.TransferOwnershipRequest;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
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
 * Every RPC through a real gRPC client, on real PostgreSQL and Redis, with course at its gRPC boundary: who may
 * do what, every request state transition and its illegal twins, and capacity under concurrent approvals.
 */
@SpringBootTest(classes = GroupApplication.class, properties = "spring.config.name=" + GroupApplication.CONFIG_NAME)
@Import(GroupTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupBehaviourTest {

    static final FakeCourse COURSE = new FakeCourse();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GroupTestSupport.register(registry, GroupBehaviourTest.class, COURSE, false);
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

    /** A fresh section allowing {@code maxGroupSize} per group, with these students enrolled. */
    static UUID section(int maxGroupSize, UUID... enrolled) {
        UUID section = COURSE.newSection(maxGroupSize);
        COURSE.enroll(section, enrolled);
        return section;
    }

    static UUID student() {
        return UUID.randomUUID();
    }

    // ---- creating ----------------------------------------------------------------------------------------------

    @Test
    void createsAGroupWithTheCallerAsOwnerAndOnlyMember() {
        UUID owner = student();
        UUID section = section(5, owner);

        Group group = client.create(owner, section, "  Algorithms crew ", GROUP_VISIBILITY_APPROVAL);

        assertThat(group.getName()).isEqualTo("Algorithms crew");
        assertThat(group.getSectionId()).isEqualTo(section.toString());
        assertThat(group.getState()).isEqualTo(GroupState.GROUP_STATE_ACTIVE);
        assertThat(group.getOwnerUserId()).isEqualTo(owner.toString());
        assertThat(group.getMaxMembers()).isEqualTo(5);
        assertThat(group.getMemberCount()).isEqualTo(1);
        assertThat(group.getSeatsLeft()).isEqualTo(4);
        assertThat(group.getMemberListVersion()).isEqualTo(1);
        assertThat(group.getMembersList()).singleElement().satisfies(member -> {
            assertThat(member.getUserId()).isEqualTo(owner.toString());
            assertThat(member.getRole()).isEqualTo(MemberRole.MEMBER_ROLE_OWNER);
        });
        assertThat(client.get(student(), group)).isEqualTo(group);
    }

    @Test
    void forwardsTheCallersTokenToCourseWithinADeadline() {
        UUID owner = student();
        UUID section = section(4, owner);
        String token = GroupTestSupport.TOKENS.token(owner.toString(), "STUDENT");

        client.withToken(token).createGroup(CreateGroupRequest.newBuilder().setSectionId(section.toString())
                .setName("Token check").setVisibility(GROUP_VISIBILITY_OPEN).build());

        List<FakeCourse.Call> calls = COURSE.callsAbout(section);
        assertThat(calls).extracting(FakeCourse.Call::method).containsExactly("GetSection", "GetMyEnrollment");
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.authorization()).isEqualTo("Bearer " + token);
            // The client allowed 20 s; group's own deadline for course (2 s) is what course sees.
            assertThat(call.deadlineMillis()).isNotNull().isPositive().isLessThanOrEqualTo(2_000);
        });
    }

    @Test
    void rejectsCreateWhenTheCallerIsNotEnrolled() {
        UUID section = section(4);

        StatusRuntimeException error = failure(() -> client.create(student(), section, "Outsiders", GROUP_VISIBILITY_OPEN));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("NOT_ENROLLED");
    }

    @Test
    void rejectsCreateInAnUnknownSection() {
        StatusRuntimeException error = failure(() -> client.create(student(), UUID.randomUUID(), "Nowhere",
                GROUP_VISIBILITY_OPEN));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(error)).isEqualTo("SECTION_NOT_FOUND");
    }

    @Test
    void rejectsASecondActiveGroupWithTheSameNameInTheSectionUntilTheFirstIsDisbanded() {
        UUID first = student();
        UUID second = student();
        UUID section = section(4, first, second);
        Group existing = client.create(first, section, "Study Hall", GROUP_VISIBILITY_OPEN);

        StatusRuntimeException error = failure(() -> client.create(second, section, "study hall", GROUP_VISIBILITY_OPEN));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(reason(error)).isEqualTo("GROUP_NAME_TAKEN");

        client.as(first).disband(DisbandRequest.newBuilder().setGroupId(existing.getGroupId()).build());
        assertThat(client.create(second, section, "study hall", GROUP_VISIBILITY_OPEN).getName()).isEqualTo("study hall");
        assertThat(client.create(first, section(4, first), "Study Hall", GROUP_VISIBILITY_OPEN).getName())
                .as("names are unique per section only").isEqualTo("Study Hall");
    }

    @Test
    void answersUnavailableWhenCourseDoesNotAnswerInTime() {
        UUID owner = student();
        UUID section = section(4, owner);
        COURSE.stopAnswering(section);

        StatusRuntimeException error = failure(() -> client.create(owner, section, "Stuck", GROUP_VISIBILITY_OPEN));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(reason(error)).isEqualTo("COURSE_UNAVAILABLE");
        assertThat(count("select count(*) from study_groups where section_id = ?", section)).isZero();
    }

    @Test
    void rejectsMalformedRequestsWithTheFieldsAtFault() {
        StatusRuntimeException error = failure(() -> client.as(student()).createGroup(CreateGroupRequest.newBuilder()
                .setSectionId("not-a-uuid").setName("   ").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GroupClient.detail(error, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField)
                .contains("section_id", "name", "visibility");
    }

    @Test
    void refusesCallersWithoutAToken() {
        StatusRuntimeException error = failure(() -> client.anonymous()
                .getGroup(GetGroupRequest.newBuilder().setGroupId(UUID.randomUUID().toString()).build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void answersNotFoundForAnUnknownGroup() {
        StatusRuntimeException error = failure(() -> client.as(student())
                .getGroup(GetGroupRequest.newBuilder().setGroupId(UUID.randomUUID().toString()).build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(error)).isEqualTo("GROUP_NOT_FOUND");
    }

    // ---- joining -----------------------------------------------------------------------------------------------

    @Test
    void joiningAnOpenGroupMakesTheCallerAMemberAtOnce() {
        UUID owner = student();
        UUID joiner = student();
        Group group = client.create(owner, section(4, owner, joiner), "Open door", GROUP_VISIBILITY_OPEN);

        RequestToJoinResponse joined = client.join(joiner, group);

        assertThat(joined.getRequest().getState()).isEqualTo(JoinRequestState.JOIN_REQUEST_STATE_APPROVED);
        assertThat(joined.getRequest().getDecidedByUserId()).isEqualTo(joiner.toString());
        assertThat(memberIds(joined.getGroup())).containsExactly(owner.toString(), joiner.toString());
        assertThat(joined.getGroup().getSeatsLeft()).isEqualTo(2);
        assertThat(joined.getGroup().getMemberListVersion()).isEqualTo(2);
    }

    @Test
    void aRequestToAnApprovalGroupStaysPendingUntilTheOwnerApproves() {
        UUID owner = student();
        UUID joiner = student();
        Group group = client.create(owner, section(4, owner, joiner), "Closed door", GROUP_VISIBILITY_APPROVAL);

        JoinRequest request = client.join(joiner, group).getRequest();
        assertThat(request.getState()).isEqualTo(JoinRequestState.JOIN_REQUEST_STATE_PENDING);
        assertThat(request.getMessage()).isEqualTo("hello");
        assertThat(request.hasDecideTime()).isFalse();
        assertThat(memberIds(client.get(owner, group))).containsExactly(owner.toString());
        assertThat(pending(owner, group).getRequestsList()).extracting(JoinRequest::getRequestId)
                .containsExactly(request.getRequestId());

        var approved = client.approve(owner, request.getRequestId());

        assertThat(approved.getRequest().getState()).isEqualTo(JoinRequestState.JOIN_REQUEST_STATE_APPROVED);
        assertThat(approved.getRequest().getDecidedByUserId()).isEqualTo(owner.toString());
        assertThat(approved.getRequest().hasDecideTime()).isTrue();
        assertThat(memberIds(approved.getGroup())).containsExactly(owner.toString(), joiner.toString());
        assertThat(pending(owner, group).getRequestsList()).isEmpty();
    }

    @Test
    void rejectsJoinWhenGroupIsFull() {
        UUID owner = student();
        UUID first = student();
        UUID late = student();
        Group group = client.create(owner, section(2, owner, first, late), "Pair", GROUP_VISIBILITY_OPEN);
        client.join(first, group);

        StatusRuntimeException error = failure(() -> client.join(late, group));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("GROUP_FULL");
        assertThat(client.get(owner, group).getSeatsLeft()).isZero();
    }

    @Test
    void rejectsASecondPendingRequestForTheSameGroup() {
        UUID owner = student();
        UUID joiner = student();
        Group group = client.create(owner, section(4, owner, joiner), "Patience", GROUP_VISIBILITY_APPROVAL);
        client.join(joiner, group);

        StatusRuntimeException error = failure(() -> client.join(joiner, group));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(reason(error)).isEqualTo("REQUEST_ALREADY_PENDING");
    }

    @Test
    void rejectsJoinByAMember() {
        UUID owner = student();
        Group group = client.create(owner, section(4, owner), "Mine", GROUP_VISIBILITY_OPEN);

        StatusRuntimeException error = failure(() -> client.join(owner, group));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("ALREADY_MEMBER");
    }

    @Test
    void rejectsJoinByAStudentNotEnrolledInTheSection() {
        UUID owner = student();
        UUID outsider = student();
        Group group = client.create(owner, section(4, owner), "Insiders", GROUP_VISIBILITY_OPEN);

        StatusRuntimeException error = failure(() -> client.join(outsider, group));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("NOT_ENROLLED");
        assertThat(memberIds(client.get(owner, group))).containsExactly(owner.toString());
    }

    @Test
    void rejectsJoinOfAnUnknownGroup() {
        StatusRuntimeException error = failure(() -> client.join(student(),
                Group.newBuilder().setGroupId(UUID.randomUUID().toString()).build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(error)).isEqualTo("GROUP_NOT_FOUND");
    }

    // ---- deciding requests -------------------------------------------------------------------------------------

    @Test
    void aStudentCannotDecideOrListRequestsInSomeoneElsesGroup() {
        UUID owner = student();
        UUID joiner = student();
        UUID intruder = student();
        Group group = client.create(owner, section(4, owner, joiner, intruder), "Guarded", GROUP_VISIBILITY_APPROVAL);
        String requestId = client.join(joiner, group).getRequest().getRequestId();

        for (Runnable call : List.<Runnable>of(
                () -> client.approve(joiner, requestId),
                () -> pending(intruder, group))) {
            StatusRuntimeException error = failure(call);
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(reason(error)).isEqualTo("NOT_GROUP_OWNER");
        }
        assertThat(pending(owner, group).getRequestsList()).extracting(JoinRequest::getState)
                .containsExactly(JoinRequestState.JOIN_REQUEST_STATE_PENDING);
    }

    @Test
    void aRequestOfSomeoneElseInSomeoneElsesGroupAnswersExactlyAsOneThatDoesNotExist() {
        UUID owner = student();
        UUID joiner = student();
        UUID intruder = student();
        Group group = client.create(owner, section(4, owner, joiner, intruder), "Unseen", GROUP_VISIBILITY_APPROVAL);
        String requestId = client.join(joiner, group).getRequest().getRequestId();

        Map<String, java.util.function.Function<String, Runnable>> probes = new LinkedHashMap<>();
        probes.put("ApproveRequest", id -> () -> client.approve(intruder, id));
        probes.put("RejectRequest", id -> () -> client.as(intruder).rejectRequest(
                RejectRequestRequest.newBuilder().setRequestId(id).build()));
        probes.put("CancelRequest", id -> () -> cancel(intruder, id));
        for (Map.Entry<String, java.util.function.Function<String, Runnable>> probe : probes.entrySet()) {
            String missing = UUID.randomUUID().toString();
            assertThat(fullStatus(probe.getValue().apply(requestId), requestId))
                    .as(probe.getKey() + " of an unseen request")
                    .isEqualTo(fullStatus(probe.getValue().apply(missing), missing))
                    .contains("JOIN_REQUEST_NOT_FOUND");
        }
        assertThat(pending(owner, group).getRequestsList()).extracting(JoinRequest::getState)
                .containsExactly(JoinRequestState.JOIN_REQUEST_STATE_PENDING);
    }

    /** Code, message and every detail of a failed call, byte for byte, with the id asked for as a placeholder. */
    private static String fullStatus(Runnable call, String id) {
        StatusRuntimeException error = failure(call);
        return (error.getStatus().getCode() + "\n" + com.google.protobuf.TextFormat.printer()
                .printToString(io.grpc.protobuf.StatusProto.fromThrowable(error))).replace(id, "<id>");
    }

    @Test
    void onlyTheRequesterMayCancelARequest() {
        UUID owner = student();
        UUID joiner = student();
        Group group = client.create(owner, section(4, owner, joiner), "Own requests", GROUP_VISIBILITY_APPROVAL);
        String requestId = client.join(joiner, group).getRequest().getRequestId();

        StatusRuntimeException error = failure(() -> cancel(owner, requestId));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(error)).isEqualTo("NOT_REQUESTER");

        JoinRequest cancelled = cancel(joiner, requestId);
        assertThat(cancelled.getState()).isEqualTo(JoinRequestState.JOIN_REQUEST_STATE_CANCELLED);
        assertThat(cancelled.getDecidedByUserId()).isEqualTo(joiner.toString());
        assertThat(pending(owner, group).getRequestsList()).isEmpty();
    }

    @Test
    void aRejectedStudentMayAskAgain() {
        UUID owner = student();
        UUID joiner = student();
        Group group = client.create(owner, section(4, owner, joiner), "Second chance", GROUP_VISIBILITY_APPROVAL);
        String first = client.join(joiner, group).getRequest().getRequestId();

        JoinRequest rejected = reject(owner, first);
        assertThat(rejected.getState()).isEqualTo(JoinRequestState.JOIN_REQUEST_STATE_REJECTED);
        assertThat(memberIds(client.get(owner, group))).containsExactly(owner.toString());

        String second = client.join(joiner, group).getRequest().getRequestId();
        assertThat(second).isNotEqualTo(first);
        assertThat(client.approve(owner, second).getGroup().getMemberCount()).isEqualTo(2);
    }

    @Test
    void aDecidedRequestCannotBeDecidedAgain() {
        UUID owner = student();
        UUID approvedOne = student();
        UUID rejectedOne = student();
        UUID cancelledOne = student();
        Group group = client.create(owner, section(5, owner, approvedOne, rejectedOne, cancelledOne), "Decided",
                GROUP_VISIBILITY_APPROVAL);
        String approved = client.join(approvedOne, group).getRequest().getRequestId();
        String rejected = client.join(rejectedOne, group).getRequest().getRequestId();
        String cancelled = client.join(cancelledOne, group).getRequest().getRequestId();
        client.approve(owner, approved);
        reject(owner, rejected);
        cancel(cancelledOne, cancelled);

        List<Runnable> outOfOrder = List.of(
                () -> client.approve(owner, approved), () -> reject(owner, approved), () -> cancel(approvedOne, approved),
                () -> client.approve(owner, rejected), () -> reject(owner, rejected), () -> cancel(rejectedOne, rejected),
                () -> client.approve(owner, cancelled), () -> reject(owner, cancelled),
                () -> cancel(cancelledOne, cancelled));
        for (Runnable call : outOfOrder) {
            StatusRuntimeException error = failure(call);
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(reason(error)).isEqualTo("REQUEST_NOT_PENDING");
        }
        assertThat(memberIds(client.get(owner, group))).containsExactly(owner.toString(), approvedOne.toString());
    }

    @Test
    void approvingIntoAFullGroupFailsAndLeavesTheRequestPending() {
        UUID owner = student();
        UUID first = student();
        UUID second = student();
        Group group = client.create(owner, section(2, owner, first, second), "Tight", GROUP_VISIBILITY_APPROVAL);
        String firstRequest = client.join(first, group).getRequest().getRequestId();
        String secondRequest = client.join(second, group).getRequest().getRequestId();
        client.approve(owner, firstRequest);

        StatusRuntimeException error = failure(() -> client.approve(owner, secondRequest));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("GROUP_FULL");
        assertThat(pending(owner, group).getRequestsList()).extracting(JoinRequest::getRequestId)
                .containsExactly(secondRequest);
    }

    @Test
    void answersNotFoundForAnUnknownRequest() {
        StatusRuntimeException error = failure(() -> client.approve(student(), UUID.randomUUID().toString()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(error)).isEqualTo("JOIN_REQUEST_NOT_FOUND");
    }

    @Test
    void listsPendingRequestsOldestFirstPageByPage() {
        UUID owner = student();
        List<UUID> joiners = List.of(student(), student(), student());
        UUID section = section(10, owner);
        joiners.forEach(joiner -> COURSE.enroll(section, joiner));
        Group group = client.create(owner, section, "Busy", GROUP_VISIBILITY_APPROVAL);
        joiners.forEach(joiner -> client.join(joiner, group));

        ListPendingRequestsResponse first = client.as(owner).listPendingRequests(ListPendingRequestsRequest.newBuilder()
                .setGroupId(group.getGroupId()).setPageSize(2).build());
        ListPendingRequestsResponse second = client.as(owner).listPendingRequests(ListPendingRequestsRequest.newBuilder()
                .setGroupId(group.getGroupId()).setPageSize(2).setPageToken(first.getNextPageToken()).build());

        assertThat(first.getNextPageToken()).isNotEmpty();
        assertThat(second.getNextPageToken()).isEmpty();
        List<String> requesters = new ArrayList<>();
        first.getRequestsList().forEach(request -> requesters.add(request.getUserId()));
        second.getRequestsList().forEach(request -> requesters.add(request.getUserId()));
        assertThat(requesters).containsExactlyElementsOf(joiners.stream().map(UUID::toString).toList());
    }

    @Test
    void rejectsAPageTokenItDidNotIssue() {
        StatusRuntimeException error = failure(() -> client.as(student()).listMyGroups(ListMyGroupsRequest.newBuilder()
                .setPageToken("bm90LWEtdG9rZW4").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).isEqualTo("INVALID_PAGE_TOKEN");
    }

    // ---- leaving, removing, transferring, disbanding -----------------------------------------------------------

    @Test
    void aMemberLeaves() {
        UUID owner = student();
        UUID member = student();
        Group group = client.create(owner, section(4, owner, member), "Passing through", GROUP_VISIBILITY_OPEN);
        client.join(member, group);

        Group after = leave(member, group);

        assertThat(memberIds(after)).containsExactly(owner.toString());
        assertThat(after.getMemberListVersion()).isEqualTo(3);
        StatusRuntimeException again = failure(() -> leave(member, group));
        assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(again)).isEqualTo("NOT_A_MEMBER");
    }

    @Test
    void anOwnerMustTransferOwnershipBeforeLeavingAGroupWithOtherMembers() {
        UUID owner = student();
        UUID member = student();
        Group group = client.create(owner, section(4, owner, member), "Captain", GROUP_VISIBILITY_OPEN);
        client.join(member, group);

        StatusRuntimeException error = failure(() -> leave(owner, group));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("OWNER_MUST_TRANSFER");

        Group transferred = transfer(owner, group, member);
        assertThat(transferred.getOwnerUserId()).isEqualTo(member.toString());
        assertThat(transferred.getMembersList()).extracting(GroupMember::getUserId, GroupMember::getRole).containsExactly(
                org.assertj.core.groups.Tuple.tuple(owner.toString(), MemberRole.MEMBER_ROLE_MEMBER),
                org.assertj.core.groups.Tuple.tuple(member.toString(), MemberRole.MEMBER_ROLE_OWNER));

        Group after = leave(owner, group);
        assertThat(memberIds(after)).containsExactly(member.toString());
        assertThat(after.getState()).isEqualTo(GroupState.GROUP_STATE_ACTIVE);
    }

    @Test
    void theLastMemberLeavingDisbandsTheGroup() {
        UUID owner = student();
        UUID hopeful = student();
        Group group = client.create(owner, section(4, owner, hopeful), "Solo", GROUP_VISIBILITY_APPROVAL);
        String request = client.join(hopeful, group).getRequest().getRequestId();

        Group after = leave(owner, group);

        assertThat(after.getState()).isEqualTo(GroupState.GROUP_STATE_DISBANDED);
        assertThat(after.getMembersList()).isEmpty();
        assertThat(after.getSeatsLeft()).isZero();
        assertThat(after.hasDisbandTime()).isTrue();
        assertThat(requestState(request)).isEqualTo("CANCELLED");
    }

    @Test
    void onlyTheOwnerTransfersOwnershipAndOnlyToAnotherMember() {
        UUID owner = student();
        UUID member = student();
        UUID outsider = student();
        Group group = client.create(owner, section(4, owner, member, outsider), "Succession", GROUP_VISIBILITY_OPEN);
        client.join(member, group);

        StatusRuntimeException byMember = failure(() -> transfer(member, group, member));
        assertThat(byMember.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(byMember)).isEqualTo("NOT_GROUP_OWNER");
        StatusRuntimeException toOutsider = failure(() -> transfer(owner, group, outsider));
        assertThat(toOutsider.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(toOutsider)).isEqualTo("NOT_A_MEMBER");
        StatusRuntimeException toSelf = failure(() -> transfer(owner, group, owner));
        assertThat(toSelf.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(toSelf)).isEqualTo("ALREADY_OWNER");
        assertThat(client.get(owner, group).getOwnerUserId()).isEqualTo(owner.toString());
    }

    @Test
    void theOwnerRemovesAMemberAndNobodyElseCan() {
        UUID owner = student();
        UUID member = student();
        UUID other = student();
        Group group = client.create(owner, section(4, owner, member, other), "Tidy", GROUP_VISIBILITY_OPEN);
        client.join(member, group);
        client.join(other, group);

        StatusRuntimeException byMember = failure(() -> remove(member, group, other));
        assertThat(byMember.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(byMember)).isEqualTo("NOT_GROUP_OWNER");
        StatusRuntimeException self = failure(() -> remove(owner, group, owner));
        assertThat(reason(self)).isEqualTo("CANNOT_REMOVE_SELF");
        StatusRuntimeException stranger = failure(() -> remove(owner, group, student()));
        assertThat(reason(stranger)).isEqualTo("NOT_A_MEMBER");

        Group after = remove(owner, group, member);
        assertThat(memberIds(after)).containsExactly(owner.toString(), other.toString());
        assertThat(after.getSeatsLeft()).isEqualTo(2);
    }

    @Test
    void disbandingEndsMembershipsCancelsPendingRequestsAndRefusesEverythingAfter() {
        UUID owner = student();
        UUID member = student();
        UUID hopeful = student();
        Group group = client.create(owner, section(4, owner, member, hopeful), "Finale", GROUP_VISIBILITY_APPROVAL);
        client.approve(owner, client.join(member, group).getRequest().getRequestId());
        String request = client.join(hopeful, group).getRequest().getRequestId();

        StatusRuntimeException byMember = failure(() -> disband(member, group));
        assertThat(byMember.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(byMember)).isEqualTo("NOT_GROUP_OWNER");

        Group disbanded = disband(owner, group);
        assertThat(disbanded.getState()).isEqualTo(GroupState.GROUP_STATE_DISBANDED);
        assertThat(disbanded.getMembersList()).isEmpty();
        assertThat(disbanded.getMemberCount()).isZero();
        assertThat(requestState(request)).isEqualTo("CANCELLED");
        assertThat(client.as(member).listMyGroups(ListMyGroupsRequest.getDefaultInstance()).getGroupsList())
                .extracting(Group::getGroupId).doesNotContain(group.getGroupId());

        for (Runnable call : List.<Runnable>of(() -> disband(owner, group), () -> leave(member, group),
                () -> client.join(hopeful, group), () -> transfer(owner, group, member))) {
            StatusRuntimeException error = failure(call);
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(reason(error)).isEqualTo("GROUP_DISBANDED");
        }
        assertThat(reason(failure(() -> client.approve(owner, request)))).isEqualTo("REQUEST_NOT_PENDING");
    }

    // ---- listing -----------------------------------------------------------------------------------------------

    @Test
    void listsTheActiveGroupsOfASectionWithSeatsLeftPageByPage() {
        UUID a = student();
        UUID b = student();
        UUID c = student();
        UUID d = student();
        UUID section = section(2, a, b, c, d);
        Group first = client.create(a, section, "First", GROUP_VISIBILITY_OPEN);
        Group second = client.create(b, section, "Second", GROUP_VISIBILITY_OPEN);
        Group third = client.create(c, section, "Third", GROUP_VISIBILITY_OPEN);
        client.join(d, second);
        disband(c, third);

        ListGroupsInSectionResponse page1 = listSection(section, false, 1, "");
        ListGroupsInSectionResponse page2 = listSection(section, false, 1, page1.getNextPageToken());
        assertThat(page1.getGroupsList()).extracting(Group::getGroupId).containsExactly(first.getGroupId());
        assertThat(page2.getGroupsList()).extracting(Group::getGroupId).containsExactly(second.getGroupId());
        assertThat(page2.getGroups(0).getSeatsLeft()).isZero();
        assertThat(memberIds(page2.getGroups(0))).containsExactly(b.toString(), d.toString());
        assertThat(page2.getNextPageToken()).isEmpty();

        assertThat(listSection(section, true, 0, "").getGroupsList()).extracting(Group::getGroupId, Group::getSeatsLeft)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first.getGroupId(), 1));
    }

    @Test
    void listsTheCallersOwnGroupsInTheOrderTheyJoined() {
        UUID me = student();
        UUID other = student();
        UUID section = section(4, me, other);
        Group theirs = client.create(other, section, "Theirs", GROUP_VISIBILITY_OPEN);
        Group mine = client.create(me, section, "Mine first", GROUP_VISIBILITY_OPEN);
        client.join(me, theirs);
        client.create(other, section, "Not mine", GROUP_VISIBILITY_OPEN);

        ListMyGroupsResponse page1 = client.as(me).listMyGroups(ListMyGroupsRequest.newBuilder().setPageSize(1).build());
        ListMyGroupsResponse page2 = client.as(me).listMyGroups(ListMyGroupsRequest.newBuilder().setPageSize(1)
                .setPageToken(page1.getNextPageToken()).build());

        assertThat(page1.getGroupsList()).extracting(Group::getGroupId).containsExactly(mine.getGroupId());
        assertThat(page2.getGroupsList()).extracting(Group::getGroupId).containsExactly(theirs.getGroupId());
        assertThat(page2.getNextPageToken()).isEmpty();
    }

    // ---- capacity under concurrency ----------------------------------------------------------------------------

    @Test
    void twentySimultaneousApprovalsIntoAFourSeatGroupLeaveExactlyFourMembers() throws Exception {
        UUID owner = student();
        List<UUID> joiners = IntStream.range(0, 20).mapToObj(i -> student()).toList();
        UUID section = section(4, owner);
        joiners.forEach(joiner -> COURSE.enroll(section, joiner));
        Group group = client.create(owner, section, "Popular", GROUP_VISIBILITY_APPROVAL);
        List<String> requests = joiners.stream().map(joiner -> client.join(joiner, group).getRequest().getRequestId())
                .toList();

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<Status.Code>> outcomes = new ArrayList<>();
            for (String request : requests) {
                Callable<Status.Code> approval = () -> {
                    start.await();
                    try {
                        client.approve(owner, request);
                        return Status.Code.OK;
                    } catch (StatusRuntimeException refused) {
                        assertThat(reason(refused)).isEqualTo("GROUP_FULL");
                        return refused.getStatus().getCode();
                    }
                };
                outcomes.add(pool.submit(approval));
            }
            start.countDown();
            List<Status.Code> codes = new ArrayList<>();
            for (Future<Status.Code> outcome : outcomes) {
                codes.add(outcome.get());
            }

            assertThat(codes).filteredOn(code -> code == Status.Code.OK).hasSize(3);
            assertThat(codes).filteredOn(code -> code == Status.Code.FAILED_PRECONDITION).hasSize(17);
        } finally {
            pool.shutdownNow();
        }
        Group after = client.get(owner, group);
        assertThat(after.getMemberCount()).isEqualTo(4);
        assertThat(after.getMembersList()).hasSize(4);
        assertThat(after.getSeatsLeft()).isZero();
        assertThat(after.getMemberListVersion()).as("one version per admitted member").isEqualTo(4);
        assertThat(count("select count(*) from group_members where group_id = ?", UUID.fromString(group.getGroupId())))
                .isEqualTo(4);
        assertThat(pending(owner, group).getRequestsList()).hasSize(17);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    ListPendingRequestsResponse pending(UUID caller, Group group) {
        return client.as(caller).listPendingRequests(ListPendingRequestsRequest.newBuilder()
                .setGroupId(group.getGroupId()).setPageSize(100).build());
    }

    JoinRequest reject(UUID caller, String requestId) {
        return client.as(caller).rejectRequest(RejectRequestRequest.newBuilder().setRequestId(requestId).build())
                .getRequest();
    }

    JoinRequest cancel(UUID caller, String requestId) {
        return client.as(caller).cancelRequest(CancelRequestRequest.newBuilder().setRequestId(requestId).build())
                .getRequest();
    }

    Group leave(UUID caller, Group group) {
        return client.as(caller).leave(LeaveRequest.newBuilder().setGroupId(group.getGroupId()).build()).getGroup();
    }

    Group transfer(UUID caller, Group group, UUID newOwner) {
        return client.as(caller).transferOwnership(TransferOwnershipRequest.newBuilder().setGroupId(group.getGroupId())
                .setNewOwnerUserId(newOwner.toString()).build()).getGroup();
    }

    Group remove(UUID caller, Group group, UUID member) {
        return client.as(caller).removeMember(RemoveMemberRequest.newBuilder().setGroupId(group.getGroupId())
                .setUserId(member.toString()).build()).getGroup();
    }

    Group disband(UUID caller, Group group) {
        return client.as(caller).disband(DisbandRequest.newBuilder().setGroupId(group.getGroupId()).build()).getGroup();
    }

    /** Who reads section lists: one caller, since page tokens are bound to the caller they were issued to. */
    final UUID sectionReader = student();

    ListGroupsInSectionResponse listSection(UUID section, boolean onlyWithSeatsLeft, int pageSize, String token) {
        return client.as(sectionReader).listGroupsInSection(ListGroupsInSectionRequest.newBuilder()
                .setSectionId(section.toString()).setOnlyWithSeatsLeft(onlyWithSeatsLeft).setPageSize(pageSize)
                .setPageToken(token).build());
    }

    String requestState(String requestId) {
        return jdbc.queryForObject("select state from join_requests where id = ?", String.class,
                UUID.fromString(requestId));
    }

    long count(String sql, Object... arguments) {
        Long count = jdbc.queryForObject(sql, Long.class, arguments);
        return count == null ? 0 : count;
    }
}
