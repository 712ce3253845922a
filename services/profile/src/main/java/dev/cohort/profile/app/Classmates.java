package dev.cohort.profile.app;

import dev.cohort.profile.domain.ContextKind;
import dev.cohort.profile.store.ContextMemberRepository;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * Profile's own record of who shares what: sections (course's enrollments), study groups (group's member lists)
 * and conversations (chat's members). Two people are classmates while they share at least one. Every change is
 * idempotent, so a redelivered event changes nothing; group lists are applied only when newer than the last.
 */
public class Classmates {

    private final ContextMemberRepository members;

    public Classmates(ContextMemberRepository members) {
        this.members = members;
    }

    /** {@code userId} joined {@code contextId} (enrolled in a section, added to a conversation). */
    @Transactional
    public void joined(ContextKind kind, UUID contextId, UUID userId) {
        members.add(kind.name(), contextId, userId);
    }

    /** {@code userId} left {@code contextId} (dropped a section, left or was removed from a conversation). */
    @Transactional
    public void left(ContextKind kind, UUID contextId, UUID userId) {
        members.remove(kind.name(), contextId, userId);
    }

    /**
     * The group's members are {@code memberIds} as of {@code version}; ignored when a list at least as new was
     * applied already (events of one group arrive in order, but a redelivery may bring an old one back).
     */
    @Transactional
    public void groupMembersAre(UUID groupId, long version, List<UUID> memberIds) {
        if (members.advanceGroupVersion(groupId, version) == 0) {
            return;
        }
        String kind = ContextKind.GROUP.name();
        if (memberIds.isEmpty()) {
            members.removeAll(kind, groupId);
            return;
        }
        members.removeAllBut(kind, groupId, memberIds);
        memberIds.forEach(member -> members.add(kind, groupId, member));
    }

    /** The group ended as of {@code version}: nobody shares it any more. */
    @Transactional
    public void groupDisbanded(UUID groupId, long version) {
        groupMembersAre(groupId, version, List.of());
    }
}
