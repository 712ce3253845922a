package dev.cohort.profile.events;

import dev.cohort.events.Topics;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.events.profile.ContactPermission;
import dev.cohort.events.profile.PrivacyChanged;
import dev.cohort.events.profile.ProfileLink;
import dev.cohort.events.profile.ProfileUpdated;
import dev.cohort.events.profile.ProfileVisibility;
import dev.cohort.events.profile.UnfollowReason;
import dev.cohort.events.profile.UserBlocked;
import dev.cohort.events.profile.UserFollowed;
import dev.cohort.events.profile.UserUnblocked;
import dev.cohort.events.profile.UserUnfollowed;
import dev.cohort.profile.domain.Privacy;
import dev.cohort.profile.domain.ProfileField;
import dev.cohort.profile.domain.ProfileFields;
import dev.cohort.profile.domain.StoredAvatar;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What profile tells the other services. Each method must be called inside the transaction that made the change:
 * the event is an outbox row of it (ADR 0010). Profile changes go to {@value #PROFILES} keyed by the person;
 * follows and blocks to {@value #RELATIONSHIPS}, a follow's events keyed by its follower and a block's by its
 * blocker, so the events of one follow or one block stay in order whoever caused them.
 */
public class ProfileEvents {

    public static final String PROFILES = Topics.PROFILE_PROFILES;
    public static final String RELATIONSHIPS = Topics.PROFILE_RELATIONSHIPS;

    /** Why a follow ended. */
    public enum UnfollowCause {
        /** The follower stopped following. */
        UNFOLLOWED,
        /** One of the two blocked the other. */
        BLOCKED
    }

    private final Outbox outbox;
    private final EventEnvelope envelope;

    public ProfileEvents(Outbox outbox, EventEnvelope envelope) {
        this.outbox = outbox;
        this.envelope = envelope;
    }

    /**
     * {@code userId} changed {@code changed}; {@code after} and {@code avatar} (null when none) are their profile
     * after the change.
     */
    public void profileUpdated(UUID userId, List<ProfileField> changed, ProfileFields after, StoredAvatar avatar,
                               Instant at) {
        publishUpdate(userId, changed.stream().map(ProfileField::path).toList(), after, avatar, at);
    }

    /** {@code userId} set or removed their avatar ({@code avatar} null); changed_fields names {@code avatar}. */
    public void avatarChanged(UUID userId, ProfileFields after, StoredAvatar avatar, Instant at) {
        publishUpdate(userId, List.of(AVATAR_PATH), after, avatar, at);
    }

    /** The changed_fields path of the avatar (the contract's Profile.avatar). */
    public static final String AVATAR_PATH = "avatar";

    private void publishUpdate(UUID userId, List<String> changedPaths, ProfileFields after, StoredAvatar avatar,
                                Instant at) {
        outbox.append(PROFILES, ProfileUpdated.newBuilder()
                .setMetadata(envelope.forAggregate(userId.toString()))
                .setUserId(userId.toString())
                .setChangedFields(changedPaths)
                .setAvatarVersion(avatar == null ? null : avatar.version().toString())
                .setDisplayName(after.displayName())
                .setPronouns(after.pronouns())
                .setBio(after.bio())
                .setProgram(after.program())
                .setYearOfStudy(after.yearOfStudy())
                .setLinks(after.links().stream()
                        .map(link -> ProfileLink.newBuilder().setLabel(link.label()).setUrl(link.url()).build())
                        .toList())
                .setUpdatedAt(at)
                .build());
    }

    /** {@code userId}'s privacy settings are now {@code privacy}. */
    public void privacyChanged(UUID userId, Privacy privacy, Instant at) {
        outbox.append(PROFILES, PrivacyChanged.newBuilder()
                .setMetadata(envelope.forAggregate(userId.toString()))
                .setUserId(userId.toString())
                .setProfileVisibility(ProfileVisibility.valueOf(privacy.profileVisibility().name()))
                .setDirectMessages(ContactPermission.valueOf(privacy.directMessages().name()))
                .setChannelInvites(ContactPermission.valueOf(privacy.channelInvites().name()))
                .setShowEmail(privacy.showEmail())
                .setChangedAt(at)
                .build());
    }

    public void followed(UUID follower, UUID followed) {
        outbox.append(RELATIONSHIPS, UserFollowed.newBuilder()
                .setMetadata(envelope.forAggregate(follower.toString()))
                .setFollowerUserId(follower.toString())
                .setFollowedUserId(followed.toString())
                .build());
    }

    public void unfollowed(UUID follower, UUID followed, UnfollowCause cause) {
        outbox.append(RELATIONSHIPS, UserUnfollowed.newBuilder()
                .setMetadata(envelope.forAggregate(follower.toString()))
                .setFollowerUserId(follower.toString())
                .setFollowedUserId(followed.toString())
                .setReason(UnfollowReason.valueOf(cause.name()))
                .build());
    }

    public void blocked(UUID blocker, UUID blocked) {
        outbox.append(RELATIONSHIPS, UserBlocked.newBuilder()
                .setMetadata(envelope.forAggregate(blocker.toString()))
                .setBlockerUserId(blocker.toString())
                .setBlockedUserId(blocked.toString())
                .build());
    }

    public void unblocked(UUID blocker, UUID blocked) {
        outbox.append(RELATIONSHIPS, UserUnblocked.newBuilder()
                .setMetadata(envelope.forAggregate(blocker.toString()))
                .setBlockerUserId(blocker.toString())
                .setBlockedUserId(blocked.toString())
                .build());
    }
}
