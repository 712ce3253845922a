package dev.cohort.group.app;

import dev.cohort.group.domain.GroupState;
import dev.cohort.group.domain.Tenure;
import dev.cohort.group.domain.Visibility;
import dev.cohort.group.store.GroupEntity;
import dev.cohort.group.store.MemberEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A group as it is when its use case ends, and its current members, longest-standing first. Copied from the
 * rows inside the transaction, so it never changes afterwards.
 *
 * @param disbandedAt null while the group is active
 */
public record GroupView(UUID id, UUID sectionId, String name, String description, Visibility visibility,
                        GroupState state, UUID ownerId, int maxMembers, int memberCount, int seatsLeft,
                        long memberListVersion, Instant createdAt, Instant disbandedAt, List<Tenure> members) {

    public GroupView {
        members = List.copyOf(members);
    }

    static GroupView of(GroupEntity group, List<MemberEntity> members) {
        return new GroupView(group.id(), group.sectionId(), group.name(), group.description(), group.visibility(),
                group.state(), group.ownerId(), group.maxMembers(), group.memberCount(), group.seatsLeft(),
                group.memberListVersion(), group.createdAt(), group.disbandedAt(),
                members.stream().map(MemberEntity::tenure).toList());
    }

    public boolean isOwnedBy(UUID userId) {
        return ownerId.equals(userId);
    }
}
