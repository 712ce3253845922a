package dev.cohort.chat.domain;

/** A member's standing in a conversation; stored by name. */
public enum MemberRole {
    /** Invites and removes members, pins, archives. */
    OWNER,
    /** Reads and writes. */
    MEMBER
}
