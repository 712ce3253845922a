package dev.cohort.profile.app;

import dev.cohort.profile.domain.Privacy;
import dev.cohort.profile.domain.PrivacyEdit;
import dev.cohort.profile.domain.ProfileEdit;
import dev.cohort.profile.domain.ProfileField;
import dev.cohort.profile.domain.ProfileFields;
import dev.cohort.profile.events.ProfileEvents;
import dev.cohort.profile.store.ProfileEntity;
import dev.cohort.profile.store.ProfileRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner changing their profile and privacy settings. Each change locks the profile's row, so two changes of
 * one profile never overwrite each other's fields; a change that changes nothing publishes nothing.
 */
public class ProfileChanges {

    private final ProfileRepository profiles;
    private final ProfileQueries queries;
    private final ProfileEvents events;
    private final Clock clock;

    public ProfileChanges(ProfileRepository profiles, ProfileQueries queries, ProfileEvents events, Clock clock) {
        this.profiles = profiles;
        this.queries = queries;
        this.events = events;
        this.clock = clock;
    }

    /** Applies {@code edit} to the caller's profile; ProfileUpdated names the fields that really changed. */
    @Transactional
    public ProfileView updateMine(UUID caller, ProfileEdit edit) {
        ProfileEntity profile = profiles.findForUpdate(caller).orElseThrow(ProfileErrors::notReady);
        ProfileFields before = profile.fields();
        List<ProfileField> changed = edit.changesFrom(before);
        if (!changed.isEmpty()) {
            Instant now = clock.instant();
            ProfileFields after = edit.applyTo(before);
            profile.edit(after, now);
            profiles.flush();
            events.profileUpdated(caller, changed, after, profile.avatar(), now);
        }
        return queries.mine(caller);
    }

    /** Applies {@code edit} to the caller's privacy settings; PrivacyChanged carries them all when they changed. */
    @Transactional
    public PrivacyView updatePrivacy(UUID caller, PrivacyEdit edit) {
        ProfileEntity profile = profiles.findForUpdate(caller).orElseThrow(ProfileErrors::notReady);
        Privacy before = profile.privacy();
        Privacy after = edit.applyTo(before);
        if (!after.equals(before)) {
            Instant now = clock.instant();
            profile.changePrivacy(after, now);
            profiles.flush();
            events.privacyChanged(caller, after, now);
        }
        return new PrivacyView(profile.privacy(), profile.privacyUpdatedAt());
    }
}
