package dev.cohort.identity.domain;

/**
 * What an account may do. Declared in the contract's order ({@code cohort.common.v1.Role} without its zero
 * value): stored roles and token claims are sorted by it.
 */
public enum Role {
    /** A learner: enrolls in sections, joins study groups, chats. */
    STUDENT,
    /** Teaches sections: sees rosters of their own sections and may import the catalog. */
    INSTRUCTOR,
    /** Operates the platform: invitations, suspensions, role changes, moderation. */
    ADMIN
}
