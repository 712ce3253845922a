package dev.cohort.profile.store;

import dev.cohort.profile.domain.ContactPermission;
import dev.cohort.profile.domain.Link;
import dev.cohort.profile.domain.Privacy;
import dev.cohort.profile.domain.ProfileFields;
import dev.cohort.profile.domain.ProfileVisibility;
import dev.cohort.profile.domain.StoredAvatar;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * A profile row: what its owner wrote and their privacy settings. Changed only through {@link #edit} and
 * {@link #changePrivacy}, on a row locked by {@link ProfileRepository#findForUpdate}. Reads go through
 * {@link ProfileReads}, which decides visibility in SQL.
 */
@Entity
@Table(name = "profiles")
public class ProfileEntity implements Persistable<UUID> {

    @Id
    @Column(name = "user_id")
    private UUID userId;
    @Column(nullable = false)
    private String email;
    @Column(name = "display_name", nullable = false)
    private String displayName;
    @Column(nullable = false)
    private String pronouns;
    @Column(nullable = false)
    private String bio;
    @Column(nullable = false)
    private String program;
    @Column(name = "year_of_study", nullable = false)
    private int yearOfStudy;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "link_labels", nullable = false, columnDefinition = "text[]")
    private String[] linkLabels;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "link_urls", nullable = false, columnDefinition = "text[]")
    private String[] linkUrls;
    @Enumerated(EnumType.STRING)
    @Column(name = "profile_visibility", nullable = false)
    private ProfileVisibility profileVisibility;
    @Enumerated(EnumType.STRING)
    @Column(name = "direct_messages", nullable = false)
    private ContactPermission directMessages;
    @Enumerated(EnumType.STRING)
    @Column(name = "channel_invites", nullable = false)
    private ContactPermission channelInvites;
    @Column(name = "show_email", nullable = false)
    private boolean showEmail;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "privacy_updated_at", nullable = false)
    private Instant privacyUpdatedAt;
    @Column(name = "avatar_version")
    private UUID avatarVersion;
    @Column(name = "avatar_extension")
    private String avatarExtension;
    @Column(name = "avatar_updated_at")
    private Instant avatarUpdatedAt;
    @Transient
    private boolean isNew;

    protected ProfileEntity() {
    }

    /** A new profile with the name given at sign-up, nothing else written yet, and the protective defaults. */
    public ProfileEntity(UUID userId, String email, String displayName, Instant now) {
        this.userId = userId;
        this.email = email;
        this.displayName = displayName;
        this.pronouns = "";
        this.bio = "";
        this.program = "";
        this.yearOfStudy = 0;
        this.linkLabels = new String[0];
        this.linkUrls = new String[0];
        applyPrivacy(Privacy.DEFAULTS);
        this.createdAt = now;
        this.updatedAt = now;
        this.privacyUpdatedAt = now;
        this.isNew = true;
    }

    @Override
    public UUID getId() {
        return userId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
    }

    public UUID userId() {
        return userId;
    }

    public String displayName() {
        return displayName;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant privacyUpdatedAt() {
        return privacyUpdatedAt;
    }

    /** What the owner wrote. */
    public ProfileFields fields() {
        List<Link> links = new ArrayList<>(linkLabels.length);
        for (int i = 0; i < linkLabels.length; i++) {
            links.add(new Link(linkLabels[i], linkUrls[i]));
        }
        return new ProfileFields(displayName, pronouns, bio, program, yearOfStudy, links);
    }

    public Privacy privacy() {
        return new Privacy(profileVisibility, directMessages, channelInvites, showEmail);
    }

    /** Replaces what the owner wrote. */
    public void edit(ProfileFields fields, Instant now) {
        displayName = fields.displayName();
        pronouns = fields.pronouns();
        bio = fields.bio();
        program = fields.program();
        yearOfStudy = fields.yearOfStudy();
        linkLabels = fields.links().stream().map(Link::label).toArray(String[]::new);
        linkUrls = fields.links().stream().map(Link::url).toArray(String[]::new);
        updatedAt = now;
    }

    /** The avatar, or null while there is none. */
    public StoredAvatar avatar() {
        return avatarVersion == null ? null : new StoredAvatar(avatarVersion, avatarExtension, avatarUpdatedAt);
    }

    /** Sets the avatar, or removes it with null. */
    public void changeAvatar(StoredAvatar avatar, Instant now) {
        avatarVersion = avatar == null ? null : avatar.version();
        avatarExtension = avatar == null ? null : avatar.extension();
        avatarUpdatedAt = avatar == null ? null : avatar.updatedAt();
        updatedAt = now;
    }

    public void changePrivacy(Privacy privacy, Instant now) {
        applyPrivacy(privacy);
        privacyUpdatedAt = now;
    }

    private void applyPrivacy(Privacy privacy) {
        profileVisibility = privacy.profileVisibility();
        directMessages = privacy.directMessages();
        channelInvites = privacy.channelInvites();
        showEmail = privacy.showEmail();
    }
}
