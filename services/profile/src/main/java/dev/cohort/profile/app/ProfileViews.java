package dev.cohort.profile.app;

import dev.cohort.profile.store.ProfileRow;
import java.util.UUID;

/** From a stored profile, as one viewer read it, to what that viewer is shown. */
public final class ProfileViews {

    private final AvatarUrls avatarUrls;

    public ProfileViews(AvatarUrls avatarUrls) {
        this.avatarUrls = avatarUrls;
    }

    /**
     * {@code row} as {@code viewer} sees it: the e-mail address only to the owner, or when the owner shows it; the
     * relationship to everyone but the owner; the avatar as short-lived URLs.
     */
    ProfileView of(ProfileRow row, UUID viewer) {
        boolean own = row.userId().equals(viewer);
        return new ProfileView(row.userId(), row.displayName(), row.pronouns(), row.bio(), row.program(),
                row.yearOfStudy(), row.links(), avatarUrls.of(row.userId(), row.avatar()),
                own || row.privacy().showEmail() ? row.email() : null,
                row.followerCount(), row.followingCount(),
                own ? null : new ProfileView.RelationshipView(row.viewerFollows(), row.followsViewer(), row.classmate()),
                row.createdAt(), row.updatedAt());
    }
}
