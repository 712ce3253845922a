package dev.cohort.profile.store;

import dev.cohort.profile.domain.Link;
import dev.cohort.profile.domain.Privacy;
import dev.cohort.profile.domain.StoredAvatar;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A profile as one viewer reads it: the stored profile with its privacy settings, the follow counts, and how the
 * viewer relates to the person ({@code viewerFollows}: the viewer follows them; {@code followsViewer}: they
 * follow the viewer; {@code classmate}: they share a section, a group or a conversation; {@code avatar}: null
 * while there is none).
 */
public record ProfileRow(UUID userId, String email, String displayName, String pronouns, String bio, String program,
                         int yearOfStudy, List<Link> links, Privacy privacy, Instant createdAt, Instant updatedAt,
                         Instant privacyUpdatedAt, long followerCount, long followingCount, boolean viewerFollows,
                         boolean followsViewer, boolean classmate, StoredAvatar avatar) {

    public ProfileRow {
        links = List.copyOf(links);
    }
}
