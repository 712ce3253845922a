package dev.cohort.group.app;

/** A join request after a call, and its group as it is now. */
public record JoinOutcome(JoinRequestView request, GroupView group) {
}
