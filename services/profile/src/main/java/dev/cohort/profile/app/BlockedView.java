package dev.cohort.profile.app;

import java.time.Instant;
import java.util.UUID;

/** Someone the caller blocked, by name, and since when. */
public record BlockedView(UUID userId, String displayName, Instant since) {
}
