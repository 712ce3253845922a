package dev.cohort.group.app;

import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.group.domain.DisbandCause;
import dev.cohort.group.domain.GroupRules;
import dev.cohort.group.domain.RequestState;
import dev.cohort.group.domain.Succession;
import dev.cohort.group.domain.Tenure;
import dev.cohort.group.store.GroupEntity;
import dev.cohort.group.store.JoinRequestRepository;
import dev.cohort.group.store.MemberEntity;
import dev.cohort.group.store.MemberRepository;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/** Members going: leaving, being removed by the owner, and dropping the section. */
public class Memberships {

    private final GroupChanges changes;
    private final MemberRepository members;
    private final JoinRequestRepository requests;
    private final Clock clock;

    public Memberships(GroupChanges changes, MemberRepository members, JoinRequestRepository requests, Clock clock) {
        this.changes = changes;
        this.members = members;
        this.requests = requests;
        this.clock = clock;
    }

    /** The caller leaves. An owner must hand over first, unless they are the last member: then the group ends. */
    @Transactional
    public GroupView leave(UUID callerId, UUID groupId) {
        GroupEntity group = changes.lock(groupId);
        GroupRules.requireActive(group.state());
        GroupRules.requireMember(changes.isMember(group, callerId));
        if (group.isOwnedBy(callerId)) {
            if (group.memberCount() > 1) {
                throw new FailedPreconditionException("OWNER_MUST_TRANSFER",
                        "the owner must transfer ownership before leaving a group that has other members");
            }
            changes.disband(group, DisbandCause.LAST_MEMBER_LEFT, callerId);
        } else {
            changes.release(group, callerId, true, null);
        }
        return changes.view(group);
    }

    /** The owner takes {@code userId} out of the group. */
    @Transactional
    public GroupView remove(UUID callerId, UUID groupId, UUID userId) {
        GroupEntity group = changes.lock(groupId);
        GroupRules.requireActive(group.state());
        GroupRules.requireOwner(group.ownerId(), callerId);
        if (userId.equals(callerId)) {
            throw new FailedPreconditionException("CANNOT_REMOVE_SELF", "owners leave with Leave, after a transfer");
        }
        GroupRules.requireMember(changes.isMember(group, userId));
        changes.release(group, userId, false, callerId);
        return changes.view(group);
    }

    /**
     * {@code userId} dropped {@code sectionId}: their pending requests in its groups are cancelled and they leave
     * each of its groups. An owner's group passes to the longest-standing other member, or ends when they were
     * alone. Groups are locked in id order, so this never deadlocks with another multi-group change. Applying it
     * twice changes nothing the second time.
     */
    @Transactional
    public void removeDroppedStudent(UUID userId, UUID sectionId) {
        TreeSet<UUID> groupIds = new TreeSet<>(members.groupIdsInSection(userId, sectionId));
        groupIds.addAll(requests.pendingGroupIdsInSection(userId, sectionId));
        for (UUID groupId : groupIds) {
            GroupEntity group = changes.lock(groupId);
            if (!group.isActive()) {
                continue;
            }
            requests.findPending(groupId, userId)
                    .ifPresent(request -> request.decide(RequestState.CANCELLED, null, clock.instant()));
            if (changes.isMember(group, userId)) {
                removeDroppedMember(group, userId);
            }
        }
    }

    private void removeDroppedMember(GroupEntity group, UUID userId) {
        if (group.isOwnedBy(userId)) {
            List<Tenure> tenures = changes.members(group).stream().map(MemberEntity::tenure).toList();
            var successor = Succession.successor(tenures, userId);
            if (successor.isEmpty()) {
                changes.disband(group, DisbandCause.LAST_MEMBER_DROPPED, null);
                return;
            }
            changes.handOver(group, successor.get(), null);
        }
        changes.release(group, userId, false, null);
    }
}
