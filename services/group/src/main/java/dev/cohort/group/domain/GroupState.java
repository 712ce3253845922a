package dev.cohort.group.domain;

/** Whether a group still exists for its members. A disbanded group never becomes active again. */
public enum GroupState {
    ACTIVE,
    DISBANDED
}
