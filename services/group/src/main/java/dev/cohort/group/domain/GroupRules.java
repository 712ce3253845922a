package dev.cohort.group.domain;

import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import java.util.Map;
import java.util.UUID;

/** The rules every group operation checks, in one place so each is worded and coded the same everywhere. */
public final class GroupRules {

    /** A group of one is no group: sections must allow at least two members for groups to be created. */
    public static final int MIN_GROUP_SIZE = 2;

    private GroupRules() {
    }

    public static void requireGroupsAllowed(int maxGroupSize) {
        if (maxGroupSize < MIN_GROUP_SIZE) {
            throw new FailedPreconditionException("GROUPS_NOT_ALLOWED",
                    "this section does not allow study groups", Map.of("maxGroupSize", Integer.toString(maxGroupSize)));
        }
    }

    public static void requireActive(GroupState state) {
        if (state != GroupState.ACTIVE) {
            throw new FailedPreconditionException("GROUP_DISBANDED", "the group has been disbanded");
        }
    }

    public static void requireSeatLeft(int memberCount, int maxMembers) {
        if (memberCount >= maxMembers) {
            throw new FailedPreconditionException("GROUP_FULL", "the group has no seat left",
                    Map.of("maxMembers", Integer.toString(maxMembers)));
        }
    }

    public static void requireOwner(UUID ownerId, UUID callerId) {
        if (!ownerId.equals(callerId)) {
            throw new PermissionDeniedException("NOT_GROUP_OWNER", "only the group's owner may do this");
        }
    }

    public static void requireMember(boolean member) {
        if (!member) {
            throw new FailedPreconditionException("NOT_A_MEMBER", "not a member of this group");
        }
    }

    public static void requireNotMember(boolean member) {
        if (member) {
            throw new FailedPreconditionException("ALREADY_MEMBER", "already a member of this group");
        }
    }

    /** Seats still free; none once the group is disbanded. */
    public static int seatsLeft(GroupState state, int memberCount, int maxMembers) {
        return state == GroupState.ACTIVE ? Math.max(0, maxMembers - memberCount) : 0;
    }
}
