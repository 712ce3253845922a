package dev.cohort.group.api;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import dev.cohort.group.app.GroupView;
import dev.cohort.group.app.JoinRequestView;
import dev.cohort.group.domain.GroupState;
import dev.cohort.group.domain.RequestState;
import dev.cohort.group.domain.Tenure;
import dev.cohort.group.domain.Visibility;
import dev.cohort.group.v1.Group;
import dev.cohort.group.v1.GroupMember;
import dev.cohort.group.v1.GroupVisibility;
import dev.cohort.group.v1.JoinRequest;
import dev.cohort.group.v1.JoinRequestState;
import dev.cohort.group.v1.MemberRole;

/** From the service's objects to the contract's messages and back. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static Group group(GroupView group) {
        Group.Builder message = Group.newBuilder()
                .setGroupId(group.id().toString())
                .setSectionId(group.sectionId().toString())
                .setName(group.name())
                .setDescription(group.description())
                .setVisibility(visibility(group.visibility()))
                .setState(group.state() == GroupState.ACTIVE
                        ? dev.cohort.group.v1.GroupState.GROUP_STATE_ACTIVE
                        : dev.cohort.group.v1.GroupState.GROUP_STATE_DISBANDED)
                .setOwnerUserId(group.ownerId().toString())
                .setMaxMembers(group.maxMembers())
                .setMemberCount(group.memberCount())
                .setSeatsLeft(group.seatsLeft())
                .setMemberListVersion(group.memberListVersion())
                .setCreateTime(timestamp(group.createdAt()));
        for (Tenure member : group.members()) {
            message.addMembers(GroupMember.newBuilder()
                    .setUserId(member.userId().toString())
                    .setRole(group.isOwnedBy(member.userId()) ? MemberRole.MEMBER_ROLE_OWNER : MemberRole.MEMBER_ROLE_MEMBER)
                    .setJoinTime(timestamp(member.joinedAt())));
        }
        if (group.disbandedAt() != null) {
            message.setDisbandTime(timestamp(group.disbandedAt()));
        }
        return message.build();
    }

    static JoinRequest request(JoinRequestView request) {
        JoinRequest.Builder message = JoinRequest.newBuilder()
                .setRequestId(request.id().toString())
                .setGroupId(request.groupId().toString())
                .setUserId(request.userId().toString())
                .setState(state(request.state()))
                .setMessage(request.message())
                .setCreateTime(timestamp(request.createdAt()));
        if (request.decidedAt() != null) {
            message.setDecideTime(timestamp(request.decidedAt()));
        }
        if (request.decidedBy() != null) {
            message.setDecidedByUserId(request.decidedBy().toString());
        }
        return message.build();
    }

    static Visibility visibility(GroupVisibility visibility) {
        return switch (visibility) {
            case GROUP_VISIBILITY_OPEN -> Visibility.OPEN;
            case GROUP_VISIBILITY_APPROVAL -> Visibility.APPROVAL;
            // protovalidate refuses these before we get here.
            case GROUP_VISIBILITY_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("no visibility");
        };
    }

    static GroupVisibility visibility(Visibility visibility) {
        return switch (visibility) {
            case OPEN -> GroupVisibility.GROUP_VISIBILITY_OPEN;
            case APPROVAL -> GroupVisibility.GROUP_VISIBILITY_APPROVAL;
        };
    }

    static JoinRequestState state(RequestState state) {
        return switch (state) {
            case PENDING -> JoinRequestState.JOIN_REQUEST_STATE_PENDING;
            case APPROVED -> JoinRequestState.JOIN_REQUEST_STATE_APPROVED;
            case REJECTED -> JoinRequestState.JOIN_REQUEST_STATE_REJECTED;
            case CANCELLED -> JoinRequestState.JOIN_REQUEST_STATE_CANCELLED;
        };
    }

}
