package dev.cohort.profile.app;

import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import dev.cohort.profile.domain.Relationships;
import dev.cohort.profile.events.ProfileEvents;
import dev.cohort.profile.store.FollowRepository;
import dev.cohort.profile.store.FollowRow;
import dev.cohort.profile.store.ProfileReads;
import dev.cohort.profile.store.ProfileRepository;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * Following and unfollowing, and the lists of followers and followed people. Both are idempotent: repeating one
 * changes nothing and publishes nothing. A follow needs the followed profile to be visible to the follower, which
 * also means no block stands between them; the check and the insert run under a lock on both profiles, so a
 * block racing the follow either sees it and removes it, or is seen by it. Both keep the follow counts on the two
 * profiles in the same transaction.
 */
public class Following {

    private final ProfileRepository profiles;
    private final FollowRepository follows;
    private final ProfileReads reads;
    private final ProfileQueries queries;
    private final ProfileEvents events;
    private final PageTokenCodec pageTokens;
    private final Clock clock;

    public Following(ProfileRepository profiles, FollowRepository follows, ProfileReads reads, ProfileQueries queries,
                     ProfileEvents events, PageTokenCodec pageTokens, Clock clock) {
        this.profiles = profiles;
        this.follows = follows;
        this.reads = reads;
        this.queries = queries;
        this.events = events;
        this.pageTokens = pageTokens;
        this.clock = clock;
    }

    /** {@code caller} follows {@code target}; answers the target's profile as the caller now sees it. */
    @Transactional
    public ProfileView follow(UUID caller, UUID target) {
        Relationships.requireNotSelfFollow(caller, target, "user_id");
        List<UUID> present = profiles.lockForFollow(List.of(caller, target));
        if (!present.contains(caller)) {
            throw ProfileErrors.notReady();
        }
        if (reads.visible(caller, List.of(target)).isEmpty()) {
            throw ProfileErrors.notFound(target);
        }
        if (follows.insertIfAbsent(caller, target, clock.instant()) == 1) {
            profiles.countFollow(caller, target, 1);
            events.followed(caller, target);
        }
        return queries.get(caller, target);
    }

    /** {@code caller} stops following {@code target}, if they did. */
    @Transactional
    public void unfollow(UUID caller, UUID target) {
        profiles.lockForFollow(List.of(caller, target));
        if (follows.delete(caller, target) == 1) {
            profiles.countFollow(caller, target, -1);
            events.unfollowed(caller, target, ProfileEvents.UnfollowCause.UNFOLLOWED);
        }
    }

    /** A page of {@code subject}'s followers, newest first, as {@code caller} may see them. */
    @Transactional(readOnly = true)
    public Page<FollowEntryView> followers(UUID caller, UUID subject, String pageToken, int pageSize) {
        return page(caller, subject, true, pageToken, pageSize);
    }

    /** A page of the people {@code subject} follows, newest first, as {@code caller} may see them. */
    @Transactional(readOnly = true)
    public Page<FollowEntryView> following(UUID caller, UUID subject, String pageToken, int pageSize) {
        return page(caller, subject, false, pageToken, pageSize);
    }

    /**
     * The caller's own lists hold everyone (profiles only where visible); anyone else's lists need that person's
     * profile to be visible to the caller (NOT_FOUND otherwise) and hold only people the caller may see.
     */
    private Page<FollowEntryView> page(UUID caller, UUID subject, boolean followers, String pageToken, int pageSize) {
        PageQuery query = PageQuery.of(followers ? "profile.followers" : "profile.following", caller)
                .with("user_id", subject);
        TimeAndId before = pageTokens.decode(query, TimeAndId.FORMAT, pageToken).orElse(null);
        int size = Paging.SIZE.resolve(pageSize);
        boolean own = subject.equals(caller);
        if (!own && reads.visible(caller, List.of(subject)).isEmpty()) {
            throw ProfileErrors.notFound(subject);
        }
        List<FollowRow> rows = reads.follows(caller, subject, followers, !own,
                before == null ? null : before.at(), before == null ? null : before.id(), size + 1);
        return Page.of(rows, size, last -> pageTokens.encode(query, TimeAndId.FORMAT,
                        new TimeAndId(last.since(), last.userId())))
                .map(row -> new FollowEntryView(row.userId(),
                        row.profile() == null ? null : queries.view(row.profile(), caller), row.since()));
    }
}
