package dev.cohort.group.app;

import dev.cohort.grpc.common.errors.AlreadyExistsException;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.group.domain.DisbandCause;
import dev.cohort.group.domain.GroupRules;
import dev.cohort.group.domain.Visibility;
import dev.cohort.group.events.GroupEvents;
import dev.cohort.group.store.GroupEntity;
import dev.cohort.group.store.GroupRepository;
import dev.cohort.group.store.MemberEntity;
import dev.cohort.group.store.MemberRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Creating a group, handing it over and ending it. */
public class GroupLifecycle {

    private final GroupRepository groups;
    private final MemberRepository members;
    private final GroupChanges changes;
    private final CourseDirectory course;
    private final GroupEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public GroupLifecycle(GroupRepository groups, MemberRepository members, GroupChanges changes,
                          CourseDirectory course, GroupEvents events, TransactionTemplate transactions, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.changes = changes;
        this.course = course;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Creates a group owned by {@code ownerId}. Course is asked first, outside any transaction (no database
     * connection waits on the network): the section's maximum group size, then whether the caller is enrolled.
     */
    public GroupView create(UUID ownerId, UUID sectionId, String name, String description, Visibility visibility) {
        String cleanName = name.strip();
        requireNameFree(sectionId, cleanName);
        int maxGroupSize = course.maxGroupSize(sectionId);
        GroupRules.requireGroupsAllowed(maxGroupSize);
        course.requireCallerEnrolled(sectionId);
        try {
            return transactions.execute(status -> {
                requireNameFree(sectionId, cleanName);
                Instant now = clock.instant();
                GroupEntity group = new GroupEntity(UUID.randomUUID(), sectionId, cleanName, description.strip(),
                        visibility, ownerId, maxGroupSize, now);
                groups.saveAndFlush(group);
                MemberEntity owner = members.saveAndFlush(new MemberEntity(group.id(), ownerId, now));
                events.created(group);
                return GroupView.of(group, List.of(owner));
            });
        } catch (DataIntegrityViolationException sameNameAtTheSameTime) {
            throw nameTaken(cleanName);
        }
    }

    /** Makes the member {@code newOwner} the owner. The owner only. */
    @Transactional
    public GroupView transferOwnership(UUID callerId, UUID groupId, UUID newOwner) {
        GroupEntity group = changes.lock(groupId);
        GroupRules.requireActive(group.state());
        GroupRules.requireOwner(group.ownerId(), callerId);
        if (newOwner.equals(callerId)) {
            throw new FailedPreconditionException("ALREADY_OWNER", "the caller already owns the group");
        }
        GroupRules.requireMember(changes.isMember(group, newOwner));
        changes.handOver(group, newOwner, callerId);
        return changes.view(group);
    }

    /** Ends the group. The owner only. */
    @Transactional
    public GroupView disband(UUID callerId, UUID groupId) {
        GroupEntity group = changes.lock(groupId);
        GroupRules.requireActive(group.state());
        GroupRules.requireOwner(group.ownerId(), callerId);
        changes.disband(group, DisbandCause.OWNER_DISBANDED, callerId);
        return changes.view(group);
    }

    private void requireNameFree(UUID sectionId, String name) {
        if (groups.existsActiveByName(sectionId, name)) {
            throw nameTaken(name);
        }
    }

    private static AlreadyExistsException nameTaken(String name) {
        return new AlreadyExistsException("GROUP_NAME_TAKEN", "the section already has an active group of that name",
                Map.of("name", name));
    }
}
