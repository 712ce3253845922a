package dev.cohort.group.app;

import dev.cohort.group.store.JoinRequestEntity;

/** A join request after a call, and its group as it is now. */
public record JoinOutcome(JoinRequestEntity request, GroupView group) {
}
