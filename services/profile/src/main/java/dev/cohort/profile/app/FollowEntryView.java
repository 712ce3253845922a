package dev.cohort.profile.app;

import java.time.Instant;
import java.util.UUID;

/** Someone in a follower or following list, since when, and their profile (null when the caller may not see it). */
public record FollowEntryView(UUID userId, ProfileView profile, Instant since) {
}
