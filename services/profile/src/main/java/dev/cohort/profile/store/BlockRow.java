package dev.cohort.profile.store;

import java.time.Instant;
import java.util.UUID;

/** A block as its blocker sees it: whom, their display name, since when. */
public record BlockRow(UUID blockedId, String displayName, Instant since) {
}
