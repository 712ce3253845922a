package dev.cohort.group.app;

import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.group.domain.DisbandCause;
import dev.cohort.group.events.GroupEvents;
import dev.cohort.group.store.GroupEntity;
import dev.cohort.group.store.GroupRepository;
import dev.cohort.group.store.JoinRequestEntity;
import dev.cohort.group.store.JoinRequestRepository;
import dev.cohort.group.store.MemberEntity;
import dev.cohort.group.store.MemberId;
import dev.cohort.group.store.MemberRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The steps the use cases compose, each with its event: lock a group, admit a member, release one, hand the
 * group over, disband it. Callers run them inside one transaction, after {@link #lock}.
 */
public class GroupChanges {

    private final GroupRepository groups;
    private final MemberRepository members;
    private final JoinRequestRepository requests;
    private final GroupEvents events;
    private final Clock clock;

    public GroupChanges(GroupRepository groups, MemberRepository members, JoinRequestRepository requests,
                        GroupEvents events, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.requests = requests;
        this.events = events;
        this.clock = clock;
    }

    /** The group, its row locked until the transaction ends; NOT_FOUND when there is none. */
    public GroupEntity lock(UUID groupId) {
        return groups.findForUpdate(groupId).orElseThrow(() -> notFound(groupId));
    }

    /** The group without a lock (reads and pre-checks); NOT_FOUND when there is none. */
    public GroupEntity find(UUID groupId) {
        return groups.findById(groupId).orElseThrow(() -> notFound(groupId));
    }

    public boolean isMember(GroupEntity group, UUID userId) {
        return members.existsById(new MemberId(group.id(), userId));
    }

    public List<MemberEntity> members(GroupEntity group) {
        return members.ofGroup(group.id());
    }

    public GroupView view(GroupEntity group) {
        return GroupView.of(group, members(group));
    }

    /** Takes a seat (FAILED_PRECONDITION when none is left) and adds {@code userId}; {@code by} approved it. */
    public void admit(GroupEntity group, UUID userId, UUID by) {
        group.admit(clock.instant());
        members.save(new MemberEntity(group.id(), userId, clock.instant()));
        events.joined(group, userId, by, memberIds(group));
    }

    /** Takes {@code userId} (a member, not the owner) out of the group: they left, or {@code remover} removed them. */
    public void release(GroupEntity group, UUID userId, boolean left, UUID remover) {
        group.release(clock.instant());
        members.deleteById(new MemberId(group.id(), userId));
        members.flush();
        if (left) {
            events.left(group, userId, memberIds(group));
        } else {
            events.removed(group, userId, remover, memberIds(group));
        }
    }

    /** Makes {@code newOwner} (a member) the owner; {@code by} is the previous owner, or null for the platform. */
    public void handOver(GroupEntity group, UUID newOwner, UUID by) {
        UUID previous = group.ownerId();
        group.handOver(newOwner, clock.instant());
        events.ownershipTransferred(group, previous, by, memberIds(group));
    }

    /** A request to join is pending: its owner is told (through the event). */
    public void requested(GroupEntity group, JoinRequestEntity request) {
        events.joinRequested(group, request.id(), request.userId(), request.message());
    }

    /** The owner {@code by} declined {@code request}. */
    public void rejected(GroupEntity group, JoinRequestEntity request, UUID by) {
        events.joinRequestRejected(group, request.id(), request.userId(), by);
    }

    /** Ends the group: every membership ends and its pending requests are cancelled. */
    public void disband(GroupEntity group, DisbandCause cause, UUID by) {
        List<UUID> former = memberIds(group);
        members.deleteAllOfGroup(group.id());
        requests.cancelAllPending(group.id(), clock.instant());
        group.disband(clock.instant());
        events.disbanded(group, cause, by, former);
    }

    private List<UUID> memberIds(GroupEntity group) {
        return members(group).stream().map(MemberEntity::userId).toList();
    }

    private static NotFoundException notFound(UUID groupId) {
        return new NotFoundException("GROUP_NOT_FOUND", "no such group", Map.of("groupId", groupId.toString()));
    }
}
