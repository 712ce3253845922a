package dev.cohort.group.domain;

/** How students join a group. */
public enum Visibility {
    /** Enrolled students with a seat left join at once; their request is recorded already APPROVED. */
    OPEN,
    /** Enrolled students ask and the owner decides. */
    APPROVAL
}
