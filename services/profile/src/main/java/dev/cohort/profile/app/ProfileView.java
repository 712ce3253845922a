package dev.cohort.profile.app;

import dev.cohort.profile.domain.Link;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A profile as one caller may see it.
 *
 * @param email        the e-mail address, or null when hidden from this caller
 * @param avatar       the picture, or null while there is none
 * @param relationship how the caller relates to the person; null on the caller's own profile
 */
public record ProfileView(UUID userId, String displayName, String pronouns, String bio, String program,
                          int yearOfStudy, List<Link> links, AvatarView avatar, String email, long followerCount,
                          long followingCount, RelationshipView relationship, Instant createdAt, Instant updatedAt) {

    public ProfileView {
        links = List.copyOf(links);
    }

    /** A picture as short-lived URLs per size. */
    public record AvatarView(String url32, String url64, String url128, String url256, java.time.Instant updateTime) {
    }

    /** How the caller relates to the person. */
    public record RelationshipView(boolean following, boolean followedBy, boolean classmate) {
    }
}
