package dev.cohort.group.api;

import dev.cohort.auth.Caller;
import dev.cohort.group.app.GroupLifecycle;
import dev.cohort.group.app.GroupQueries;
import dev.cohort.group.app.GroupView;
import dev.cohort.group.app.JoinOutcome;
import dev.cohort.group.app.JoinRequests;
import dev.cohort.group.app.Memberships;
import dev.cohort.group.v1.ApproveRequestRequest;
import dev.cohort.group.v1.ApproveRequestResponse;
import dev.cohort.group.v1.CancelRequestRequest;
import dev.cohort.group.v1.CancelRequestResponse;
import dev.cohort.group.v1.CreateGroupRequest;
import dev.cohort.group.v1.CreateGroupResponse;
import dev.cohort.group.v1.DisbandRequest;
import dev.cohort.group.v1.DisbandResponse;
import dev.cohort.group.v1.GetGroupRequest;
import dev.cohort.group.v1.GetGroupResponse;
import dev.cohort.group.v1.GroupServiceGrpc;
import dev.cohort.group.v1.LeaveRequest;
import dev.cohort.group.v1.LeaveResponse;
import dev.cohort.group.v1.ListGroupsInSectionRequest;
import dev.cohort.group.v1.ListGroupsInSectionResponse;
import dev.cohort.group.v1.ListMyGroupsRequest;
import dev.cohort.group.v1.ListMyGroupsResponse;
import dev.cohort.group.v1.ListPendingRequestsRequest;
import dev.cohort.group.v1.ListPendingRequestsResponse;
import dev.cohort.group.v1.RejectRequestRequest;
import dev.cohort.group.v1.RejectRequestResponse;
import dev.cohort.group.v1.RemoveMemberRequest;
import dev.cohort.group.v1.RemoveMemberResponse;
import dev.cohort.group.v1.RequestToJoinRequest;
import dev.cohort.group.v1.RequestToJoinResponse;
import dev.cohort.group.v1.TransferOwnershipRequest;
import dev.cohort.group.v1.TransferOwnershipResponse;
import dev.cohort.paging.Page;
import io.grpc.stub.StreamObserver;
import java.util.UUID;

/**
 * The gRPC endpoint: maps messages to use cases and back, nothing else. Requests arrive validated
 * (protovalidate: ids are UUIDs) and authenticated (the contract's access policy); who may do what to a group is
 * decided by the use cases, and errors are mapped by the server conventions.
 */
public class GroupGrpcService extends GroupServiceGrpc.GroupServiceImplBase {

    private final GroupLifecycle lifecycle;
    private final JoinRequests requests;
    private final Memberships memberships;
    private final GroupQueries queries;

    public GroupGrpcService(GroupLifecycle lifecycle, JoinRequests requests, Memberships memberships,
                            GroupQueries queries) {
        this.lifecycle = lifecycle;
        this.requests = requests;
        this.memberships = memberships;
        this.queries = queries;
    }

    @Override
    public void createGroup(CreateGroupRequest request, StreamObserver<CreateGroupResponse> responses) {
        GroupView group = lifecycle.create(callerId(), UUID.fromString(request.getSectionId()), request.getName(),
                request.getDescription(), ProtoMapping.visibility(request.getVisibility()));
        reply(responses, CreateGroupResponse.newBuilder().setGroup(ProtoMapping.group(group)).build());
    }

    @Override
    public void getGroup(GetGroupRequest request, StreamObserver<GetGroupResponse> responses) {
        GroupView group = queries.get(UUID.fromString(request.getGroupId()));
        reply(responses, GetGroupResponse.newBuilder().setGroup(ProtoMapping.group(group)).build());
    }

    @Override
    public void listGroupsInSection(ListGroupsInSectionRequest request,
                                    StreamObserver<ListGroupsInSectionResponse> responses) {
        Page<GroupView> page = queries.inSection(callerId(), UUID.fromString(request.getSectionId()),
                request.getOnlyWithSeatsLeft(), request.getPageToken(), request.getPageSize());
        var response = ListGroupsInSectionResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(group -> response.addGroups(ProtoMapping.group(group)));
        reply(responses, response.build());
    }

    @Override
    public void listMyGroups(ListMyGroupsRequest request, StreamObserver<ListMyGroupsResponse> responses) {
        Page<GroupView> page = queries.ofMember(callerId(), request.getPageToken(), request.getPageSize());
        var response = ListMyGroupsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(group -> response.addGroups(ProtoMapping.group(group)));
        reply(responses, response.build());
    }

    @Override
    public void requestToJoin(RequestToJoinRequest request, StreamObserver<RequestToJoinResponse> responses) {
        JoinOutcome outcome = requests.requestToJoin(callerId(), UUID.fromString(request.getGroupId()),
                request.getMessage());
        reply(responses, RequestToJoinResponse.newBuilder()
                .setRequest(ProtoMapping.request(outcome.request()))
                .setGroup(ProtoMapping.group(outcome.group()))
                .build());
    }

    @Override
    public void listPendingRequests(ListPendingRequestsRequest request,
                                    StreamObserver<ListPendingRequestsResponse> responses) {
        var page = requests.pending(callerId(), UUID.fromString(request.getGroupId()),
                request.getPageToken(), request.getPageSize());
        var response = ListPendingRequestsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(pending -> response.addRequests(ProtoMapping.request(pending)));
        reply(responses, response.build());
    }

    @Override
    public void approveRequest(ApproveRequestRequest request, StreamObserver<ApproveRequestResponse> responses) {
        JoinOutcome outcome = requests.approve(callerId(), UUID.fromString(request.getRequestId()));
        reply(responses, ApproveRequestResponse.newBuilder()
                .setRequest(ProtoMapping.request(outcome.request()))
                .setGroup(ProtoMapping.group(outcome.group()))
                .build());
    }

    @Override
    public void rejectRequest(RejectRequestRequest request, StreamObserver<RejectRequestResponse> responses) {
        var rejected = requests.reject(callerId(), UUID.fromString(request.getRequestId()));
        reply(responses, RejectRequestResponse.newBuilder().setRequest(ProtoMapping.request(rejected)).build());
    }

    @Override
    public void cancelRequest(CancelRequestRequest request, StreamObserver<CancelRequestResponse> responses) {
        var cancelled = requests.cancel(callerId(), UUID.fromString(request.getRequestId()));
        reply(responses, CancelRequestResponse.newBuilder().setRequest(ProtoMapping.request(cancelled)).build());
    }

    @Override
    public void leave(LeaveRequest request, StreamObserver<LeaveResponse> responses) {
        GroupView group = memberships.leave(callerId(), UUID.fromString(request.getGroupId()));
        reply(responses, LeaveResponse.newBuilder().setGroup(ProtoMapping.group(group)).build());
    }

    @Override
    public void transferOwnership(TransferOwnershipRequest request,
                                  StreamObserver<TransferOwnershipResponse> responses) {
        GroupView group = lifecycle.transferOwnership(callerId(), UUID.fromString(request.getGroupId()),
                UUID.fromString(request.getNewOwnerUserId()));
        reply(responses, TransferOwnershipResponse.newBuilder().setGroup(ProtoMapping.group(group)).build());
    }

    @Override
    public void removeMember(RemoveMemberRequest request, StreamObserver<RemoveMemberResponse> responses) {
        GroupView group = memberships.remove(callerId(), UUID.fromString(request.getGroupId()),
                UUID.fromString(request.getUserId()));
        reply(responses, RemoveMemberResponse.newBuilder().setGroup(ProtoMapping.group(group)).build());
    }

    @Override
    public void disband(DisbandRequest request, StreamObserver<DisbandResponse> responses) {
        GroupView group = lifecycle.disband(callerId(), UUID.fromString(request.getGroupId()));
        reply(responses, DisbandResponse.newBuilder().setGroup(ProtoMapping.group(group)).build());
    }

    private static UUID callerId() {
        return Caller.requireUserUuid();
    }

    private static <T> void reply(StreamObserver<T> responses, T response) {
        responses.onNext(response);
        responses.onCompleted();
    }
}
