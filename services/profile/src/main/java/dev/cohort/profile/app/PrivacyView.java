package dev.cohort.profile.app;

import dev.cohort.profile.domain.Privacy;
import java.time.Instant;

/** A person's privacy settings and when they last changed. */
public record PrivacyView(Privacy privacy, Instant updatedAt) {
}
