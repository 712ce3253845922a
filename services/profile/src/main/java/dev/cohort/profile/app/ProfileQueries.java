package dev.cohort.profile.app;

import dev.cohort.profile.store.ProfileReads;
import dev.cohort.profile.store.ProfileRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reading profiles and privacy settings; every read is one query, visibility decided in it. A single statement
 * reads one consistent snapshot by itself, so these run without a transaction of their own (in the caller's when
 * there is one): that saves the BEGIN/COMMIT round trips on the hottest calls (ADR 0038).
 */
public class ProfileQueries {

    private final ProfileReads reads;
    private final ProfileViews views;

    public ProfileQueries(ProfileReads reads, ProfileViews views) {
        this.reads = reads;
        this.views = views;
    }

    /** {@code row} as {@code viewer} is shown it. */
    public ProfileView view(ProfileRow row, UUID viewer) {
        return views.of(row, viewer);
    }

    /** {@code userId}'s profile as {@code viewer} may see it; NOT_FOUND when absent or hidden, alike. */
    public ProfileView get(UUID viewer, UUID userId) {
        return get(viewer, false, userId);
    }

    /**
     * As {@link #get(UUID, UUID)}; a {@code moderator} (an administrator) sees every profile, whatever its privacy,
     * blocks or suspension, so that a report names the people it is about (ADR 0069).
     */
    public ProfileView get(UUID viewer, boolean moderator, UUID userId) {
        return rows(viewer, moderator, List.of(userId)).stream().findFirst()
                .map(row -> views.of(row, viewer))
                .orElseThrow(() -> ProfileErrors.notFound(userId));
    }

    /** The caller's own profile; FAILED_PRECONDITION (PROFILE_NOT_READY) until it is created. */
    public ProfileView mine(UUID caller) {
        return views.of(own(caller), caller);
    }

    /** The caller's privacy settings. */
    public PrivacyView privacy(UUID caller) {
        ProfileRow row = own(caller);
        return new PrivacyView(row.privacy(), row.privacyUpdatedAt());
    }

    /**
     * The profiles among {@code userIds} that {@code viewer} may see (a {@code moderator} every one, as in
     * {@link #get(UUID, boolean, UUID)}), in the order asked for, each once, in one database query; absent and hidden
     * ones are left out.
     */
    public List<ProfileView> batch(UUID viewer, boolean moderator, List<UUID> userIds) {
        Set<UUID> distinct = new LinkedHashSet<>(userIds);
        List<ProfileRow> rows = rows(viewer, moderator, distinct);
        Map<UUID, ProfileRow> found = new HashMap<>(rows.size() * 2);
        for (ProfileRow row : rows) {
            found.put(row.userId(), row);
        }
        List<ProfileView> shown = new ArrayList<>(found.size());
        for (UUID id : distinct) {
            ProfileRow row = found.get(id);
            if (row != null) {
                shown.add(views.of(row, viewer));
            }
        }
        return shown;
    }

    private List<ProfileRow> rows(UUID viewer, boolean moderator, Collection<UUID> ids) {
        return moderator ? reads.anyForModerator(viewer, ids) : reads.visible(viewer, ids);
    }

    ProfileRow own(UUID caller) {
        return reads.visible(caller, List.of(caller)).stream().findFirst().orElseThrow(ProfileErrors::notReady);
    }
}
