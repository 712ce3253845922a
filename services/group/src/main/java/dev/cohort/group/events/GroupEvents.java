package dev.cohort.group.events;

import dev.cohort.events.Topics;
import dev.cohort.events.group.DisbandReason;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupOwnershipTransferred;
import dev.cohort.events.group.JoinRequestRejected;
import dev.cohort.events.group.JoinRequested;
import dev.cohort.events.group.GroupVisibility;
import dev.cohort.events.group.MembershipChange;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.group.domain.DisbandCause;
import dev.cohort.group.store.GroupEntity;
import java.util.List;
import java.util.UUID;

/**
 * What group tells the other services, on topic {@value #TOPIC} keyed by group id. Each method must be called
 * inside the transaction that made the change, with the group's row locked: the event is an outbox row of that
 * transaction, so events of one group are published in the order of their member list versions.
 */
public class GroupEvents {

    public static final String TOPIC = Topics.GROUP_GROUPS;

    private final Outbox outbox;
    private final EventEnvelope envelope;

    public GroupEvents(Outbox outbox, EventEnvelope envelope) {
        this.outbox = outbox;
        this.envelope = envelope;
    }

    public void created(GroupEntity group) {
        outbox.append(TOPIC, GroupCreated.newBuilder()
                .setMetadata(envelope.forAggregate(group.id().toString()))
                .setGroupId(group.id().toString())
                .setSectionId(group.sectionId().toString())
                .setName(group.name())
                .setDescription(group.description())
                .setVisibility(GroupVisibility.valueOf(group.visibility().name()))
                .setOwnerUserId(group.ownerId().toString())
                .setMaxMembers(group.maxMembers())
                .setMemberListVersion(group.memberListVersion())
                .setMemberIds(List.of(group.ownerId().toString()))
                .build());
    }

    /** {@code userId} became a member; {@code by} approved it (or is the member, who joined an open group). */
    public void joined(GroupEntity group, UUID userId, UUID by, List<UUID> memberIds) {
        membershipChanged(group, userId, MembershipChange.JOINED, by, memberIds);
    }

    /** {@code userId} left of their own accord. */
    public void left(GroupEntity group, UUID userId, List<UUID> memberIds) {
        membershipChanged(group, userId, MembershipChange.LEFT, userId, memberIds);
    }

    /** {@code userId} was removed by the owner {@code by}, or by the platform when {@code by} is null. */
    public void removed(GroupEntity group, UUID userId, UUID by, List<UUID> memberIds) {
        membershipChanged(group, userId, MembershipChange.REMOVED, by, memberIds);
    }

    /** The group's owner is now {@code group.ownerId()}; {@code by} is null when the platform handed it over. */
    public void ownershipTransferred(GroupEntity group, UUID previousOwner, UUID by, List<UUID> memberIds) {
        outbox.append(TOPIC, GroupOwnershipTransferred.newBuilder()
                .setMetadata(envelope.forAggregate(group.id().toString()))
                .setGroupId(group.id().toString())
                .setSectionId(group.sectionId().toString())
                .setPreviousOwnerUserId(previousOwner.toString())
                .setNewOwnerUserId(group.ownerId().toString())
                .setTransferredBy(idOrNull(by))
                .setMemberListVersion(group.memberListVersion())
                .setMemberIds(ids(memberIds))
                .build());
    }

    /** The group ended; {@code by} is null when the platform ended it. */
    public void disbanded(GroupEntity group, DisbandCause cause, UUID by, List<UUID> formerMemberIds) {
        outbox.append(TOPIC, GroupDisbanded.newBuilder()
                .setMetadata(envelope.forAggregate(group.id().toString()))
                .setGroupId(group.id().toString())
                .setSectionId(group.sectionId().toString())
                .setReason(DisbandReason.valueOf(cause.name()))
                .setDisbandedBy(idOrNull(by))
                .setMemberListVersion(group.memberListVersion())
                .setFormerMemberIds(ids(formerMemberIds))
                .build());
    }

    /** A pending request to join {@code group} was made (its owner decides). */
    public void joinRequested(GroupEntity group, UUID requestId, UUID userId, String message) {
        outbox.append(TOPIC, JoinRequested.newBuilder()
                .setMetadata(envelope.forAggregate(group.id().toString()))
                .setGroupId(group.id().toString())
                .setSectionId(group.sectionId().toString())
                .setRequestId(requestId.toString())
                .setUserId(userId.toString())
                .setOwnerUserId(group.ownerId().toString())
                .setMessage(message)
                .build());
    }

    /** The owner {@code by} declined the request {@code requestId} of {@code userId}. */
    public void joinRequestRejected(GroupEntity group, UUID requestId, UUID userId, UUID by) {
        outbox.append(TOPIC, JoinRequestRejected.newBuilder()
                .setMetadata(envelope.forAggregate(group.id().toString()))
                .setGroupId(group.id().toString())
                .setSectionId(group.sectionId().toString())
                .setRequestId(requestId.toString())
                .setUserId(userId.toString())
                .setRejectedBy(by.toString())
                .build());
    }

    private void membershipChanged(GroupEntity group, UUID userId, MembershipChange change, UUID by,
                                   List<UUID> memberIds) {
        outbox.append(TOPIC, GroupMembershipChanged.newBuilder()
                .setMetadata(envelope.forAggregate(group.id().toString()))
                .setGroupId(group.id().toString())
                .setSectionId(group.sectionId().toString())
                .setUserId(userId.toString())
                .setChange(change)
                .setChangedBy(idOrNull(by))
                .setOwnerUserId(group.ownerId().toString())
                .setMemberListVersion(group.memberListVersion())
                .setMemberIds(ids(memberIds))
                .build());
    }

    private static List<String> ids(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }

    private static String idOrNull(UUID id) {
        return id == null ? null : id.toString();
    }
}
