package dev.cohort.group.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who runs a group when its owner goes without handing it over (they dropped the section): the longest-standing
 * other member, ties broken by user id so every replica and every redelivery picks the same person.
 */
public final class Succession {

    /** Longest-standing first: the order of a group's member list. */
    public static final Comparator<Tenure> SENIORITY =
            Comparator.comparing(Tenure::joinedAt).thenComparing(tenure -> tenure.userId().toString());

    private Succession() {
    }

    /** The successor of {@code leavingOwner} among {@code members}, or empty when nobody else is left. */
    public static Optional<UUID> successor(List<Tenure> members, UUID leavingOwner) {
        return members.stream()
                .filter(member -> !member.userId().equals(leavingOwner))
                .min(SENIORITY)
                .map(Tenure::userId);
    }
}
