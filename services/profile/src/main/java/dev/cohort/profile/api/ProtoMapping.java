package dev.cohort.profile.api;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import dev.cohort.profile.app.BlockedView;
import dev.cohort.profile.app.FollowEntryView;
import dev.cohort.profile.app.PrivacyView;
import dev.cohort.profile.app.ProfileView;
import dev.cohort.profile.domain.ContactPermission;
import dev.cohort.profile.domain.Link;
import dev.cohort.profile.domain.PrivacyEdit;
import dev.cohort.profile.domain.ProfileFields;
import dev.cohort.profile.domain.ProfileVisibility;
import dev.cohort.profile.v1.Avatar;
import dev.cohort.profile.v1.BlockedUser;
import dev.cohort.profile.v1.FollowEntry;
import dev.cohort.profile.v1.PrivacySettings;
import dev.cohort.profile.v1.Profile;
import dev.cohort.profile.v1.ProfileLink;
import dev.cohort.profile.v1.Relationship;

/** From the service's views to the contract's messages and back. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static Profile profile(ProfileView view) {
        Profile.Builder message = Profile.newBuilder()
                .setUserId(view.userId().toString())
                .setDisplayName(view.displayName())
                .setPronouns(view.pronouns())
                .setBio(view.bio())
                .setProgram(view.program())
                .setYearOfStudy(view.yearOfStudy())
                .setFollowerCount(view.followerCount())
                .setFollowingCount(view.followingCount())
                .setCreateTime(timestamp(view.createdAt()))
                .setUpdateTime(timestamp(view.updatedAt()));
        for (Link link : view.links()) {
            message.addLinks(ProfileLink.newBuilder().setLabel(link.label()).setUrl(link.url()));
        }
        if (view.email() != null) {
            message.setEmail(view.email());
        }
        if (view.avatar() != null) {
            Avatar.Builder avatar = Avatar.newBuilder().setUrl32(view.avatar().url32()).setUrl64(view.avatar().url64())
                    .setUrl128(view.avatar().url128()).setUrl256(view.avatar().url256());
            if (view.avatar().updateTime() != null) {
                avatar.setUpdateTime(timestamp(view.avatar().updateTime()));
            }
            message.setAvatar(avatar);
        }
        if (view.relationship() != null) {
            message.setRelationship(Relationship.newBuilder()
                    .setFollowing(view.relationship().following())
                    .setFollowedBy(view.relationship().followedBy())
                    .setClassmate(view.relationship().classmate()));
        }
        return message.build();
    }

    /** What the owner writes, from a request's profile (its other fields are ignored). */
    static ProfileFields fields(Profile profile) {
        return new ProfileFields(profile.getDisplayName(), profile.getPronouns(), profile.getBio(),
                profile.getProgram(), profile.getYearOfStudy(),
                profile.getLinksList().stream().map(link -> new Link(link.getLabel(), link.getUrl())).toList());
    }

    static PrivacySettings privacy(PrivacyView view) {
        return PrivacySettings.newBuilder()
                .setProfileVisibility(visibility(view.privacy().profileVisibility()))
                .setDirectMessages(permission(view.privacy().directMessages()))
                .setChannelInvites(permission(view.privacy().channelInvites()))
                .setShowEmail(view.privacy().showEmail())
                .setUpdateTime(timestamp(view.updatedAt()))
                .build();
    }

    /** A request's choices; an unspecified one is null (refused when the update mask names it). */
    static PrivacyEdit.Choices choices(PrivacySettings settings) {
        return new PrivacyEdit.Choices(visibility(settings.getProfileVisibility()),
                permission(settings.getDirectMessages()), permission(settings.getChannelInvites()),
                settings.getShowEmail());
    }

    static FollowEntry followEntry(FollowEntryView view) {
        FollowEntry.Builder message = FollowEntry.newBuilder()
                .setUserId(view.userId().toString())
                .setFollowTime(timestamp(view.since()));
        if (view.profile() != null) {
            message.setProfile(profile(view.profile()));
        }
        return message.build();
    }

    static BlockedUser blocked(BlockedView view) {
        return BlockedUser.newBuilder()
                .setUserId(view.userId().toString())
                .setDisplayName(view.displayName())
                .setBlockTime(timestamp(view.since()))
                .build();
    }

    static dev.cohort.profile.v1.ProfileVisibility visibility(ProfileVisibility visibility) {
        return switch (visibility) {
            case EVERYONE -> dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_EVERYONE;
            case CLASSMATES -> dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_CLASSMATES;
            case NOBODY -> dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_NOBODY;
        };
    }

    static ProfileVisibility visibility(dev.cohort.profile.v1.ProfileVisibility visibility) {
        return switch (visibility) {
            case PROFILE_VISIBILITY_EVERYONE -> ProfileVisibility.EVERYONE;
            case PROFILE_VISIBILITY_CLASSMATES -> ProfileVisibility.CLASSMATES;
            case PROFILE_VISIBILITY_NOBODY -> ProfileVisibility.NOBODY;
            // protovalidate refuses undefined numbers; UNSPECIFIED is "no choice".
            case PROFILE_VISIBILITY_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static dev.cohort.profile.v1.ContactPermission permission(ContactPermission permission) {
        return switch (permission) {
            case EVERYONE -> dev.cohort.profile.v1.ContactPermission.CONTACT_PERMISSION_EVERYONE;
            case CLASSMATES -> dev.cohort.profile.v1.ContactPermission.CONTACT_PERMISSION_CLASSMATES;
            case PEOPLE_I_FOLLOW -> dev.cohort.profile.v1.ContactPermission.CONTACT_PERMISSION_PEOPLE_I_FOLLOW;
            case NOBODY -> dev.cohort.profile.v1.ContactPermission.CONTACT_PERMISSION_NOBODY;
        };
    }

    static ContactPermission permission(dev.cohort.profile.v1.ContactPermission permission) {
        return switch (permission) {
            case CONTACT_PERMISSION_EVERYONE -> ContactPermission.EVERYONE;
            case CONTACT_PERMISSION_CLASSMATES -> ContactPermission.CLASSMATES;
            case CONTACT_PERMISSION_PEOPLE_I_FOLLOW -> ContactPermission.PEOPLE_I_FOLLOW;
            case CONTACT_PERMISSION_NOBODY -> ContactPermission.NOBODY;
            case CONTACT_PERMISSION_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
