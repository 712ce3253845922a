package dev.cohort.profile.domain;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.util.UUID;

/** The rules of following and blocking that need no data beyond the two people. */
public final class Relationships {

    public static final String CANNOT_FOLLOW_SELF = "CANNOT_FOLLOW_SELF";
    public static final String CANNOT_BLOCK_SELF = "CANNOT_BLOCK_SELF";

    private Relationships() {
    }

    public static void requireNotSelfFollow(UUID caller, UUID target, String field) {
        if (caller.equals(target)) {
            throw InvalidArgumentException.of(CANNOT_FOLLOW_SELF, field, "you cannot follow yourself");
        }
    }

    public static void requireNotSelfBlock(UUID caller, UUID target, String field) {
        if (caller.equals(target)) {
            throw InvalidArgumentException.of(CANNOT_BLOCK_SELF, field, "you cannot block yourself");
        }
    }
}
