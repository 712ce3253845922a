package dev.cohort.profile.store;

import java.time.Instant;
import java.util.UUID;

/** An entry of a follower or following list: the other person, since when, their profile if visible (else null). */
public record FollowRow(UUID userId, Instant since, ProfileRow profile) {
}
