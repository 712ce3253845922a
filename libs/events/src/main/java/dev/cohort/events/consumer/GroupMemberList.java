package dev.cohort.events.consumer;

import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupOwnershipTransferred;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What one of group's events (topic {@code cohort.group.groups}) says about a group's members, for the services
 * that keep their own copy (chat's group conversations, profile's classmates): every such event carries the whole
 * member list and its version, so a consumer applies the list when it is newer than the one it has.
 *
 * @param eventId   the event's id, to apply it once
 * @param groupId   the group
 * @param name      the group's name when the event carries it (creation), else null
 * @param ownerId   the owner after the event; null once the group is disbanded
 * @param version   the member list's version after the event
 * @param memberIds the members after the event; empty once the group is disbanded
 * @param disbanded whether the group is gone
 */
public record GroupMemberList(String eventId, UUID groupId, String name, UUID ownerId, long version,
                              List<UUID> memberIds, boolean disbanded) {

    /** The member list {@code event} announces, or empty for anything that is not one of group's events. */
    public static Optional<GroupMemberList> of(Object event) {
        if (event instanceof GroupCreated created) {
            return Optional.of(new GroupMemberList(created.getMetadata().getEventId().toString(),
                    id(created.getGroupId()), created.getName(), id(created.getOwnerUserId()),
                    created.getMemberListVersion(), ids(created.getMemberIds()), false));
        }
        if (event instanceof GroupMembershipChanged changed) {
            return Optional.of(new GroupMemberList(changed.getMetadata().getEventId().toString(),
                    id(changed.getGroupId()), null, id(changed.getOwnerUserId()), changed.getMemberListVersion(),
                    ids(changed.getMemberIds()), false));
        }
        if (event instanceof GroupOwnershipTransferred transferred) {
            return Optional.of(new GroupMemberList(transferred.getMetadata().getEventId().toString(),
                    id(transferred.getGroupId()), null, id(transferred.getNewOwnerUserId()),
                    transferred.getMemberListVersion(), ids(transferred.getMemberIds()), false));
        }
        if (event instanceof GroupDisbanded disbanded) {
            return Optional.of(new GroupMemberList(disbanded.getMetadata().getEventId().toString(),
                    id(disbanded.getGroupId()), null, null, disbanded.getMemberListVersion(), List.of(), true));
        }
        return Optional.empty();
    }

    private static UUID id(CharSequence value) {
        return UUID.fromString(value.toString());
    }

    private static List<UUID> ids(List<? extends CharSequence> values) {
        return values.stream().map(value -> UUID.fromString(value.toString())).toList();
    }
}
