package dev.cohort.profile.app;

import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import dev.cohort.profile.domain.Relationships;
import dev.cohort.profile.events.ProfileEvents;
import dev.cohort.profile.events.ProfileEvents.UnfollowCause;
import dev.cohort.profile.store.BlockRepository;
import dev.cohort.profile.store.BlockRow;
import dev.cohort.profile.store.FollowRepository;
import dev.cohort.profile.store.ProfileReads;
import dev.cohort.profile.store.ProfileRepository;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/**
 * Blocking and unblocking. A block hides the two people from each other (the visibility rule reads it) and ends
 * the follows between them, both ways, with the follow counts, in the same transaction; it locks both profiles first (in id order), so it
 * is serialised with every follow and block between them. Repeating a block or an unblock changes nothing.
 */
public class Blocking {

    private final ProfileRepository profiles;
    private final BlockRepository blocks;
    private final FollowRepository follows;
    private final ProfileReads reads;
    private final ProfileEvents events;
    private final PageTokenCodec pageTokens;
    private final Clock clock;

    public Blocking(ProfileRepository profiles, BlockRepository blocks, FollowRepository follows, ProfileReads reads,
                    ProfileEvents events, PageTokenCodec pageTokens, Clock clock) {
        this.profiles = profiles;
        this.blocks = blocks;
        this.follows = follows;
        this.reads = reads;
        this.events = events;
        this.pageTokens = pageTokens;
        this.clock = clock;
    }

    /**
     * {@code caller} blocks {@code target}, any registered user whether or not the caller may see their profile
     * (NOT_FOUND only for an unknown id).
     */
    @Transactional
    public BlockedView block(UUID caller, UUID target) {
        Relationships.requireNotSelfBlock(caller, target, "user_id");
        List<UUID> present = profiles.lockForBlock(List.of(caller, target));
        if (!present.contains(caller)) {
            throw ProfileErrors.notReady();
        }
        if (!present.contains(target)) {
            throw ProfileErrors.notFound(target);
        }
        if (blocks.insertIfAbsent(caller, target, clock.instant()) == 1) {
            if (follows.delete(caller, target) == 1) {
                profiles.countFollow(caller, target, -1);
                events.unfollowed(caller, target, UnfollowCause.BLOCKED);
            }
            if (follows.delete(target, caller) == 1) {
                profiles.countFollow(target, caller, -1);
                events.unfollowed(target, caller, UnfollowCause.BLOCKED);
            }
            events.blocked(caller, target);
        }
        BlockRow block = reads.block(caller, target).orElseThrow();
        return new BlockedView(block.blockedId(), block.displayName(), block.since());
    }

    /** {@code caller} lifts their block of {@code target}, if there was one. */
    @Transactional
    public void unblock(UUID caller, UUID target) {
        if (blocks.delete(caller, target) == 1) {
            events.unblocked(caller, target);
        }
    }

    /** A page of the people the caller blocked, newest first. */
    @Transactional(readOnly = true)
    public Page<BlockedView> blocked(UUID caller, String pageToken, int pageSize) {
        PageQuery query = PageQuery.of("profile.blocked", caller);
        TimeAndId before = pageTokens.decode(query, TimeAndId.FORMAT, pageToken).orElse(null);
        int size = Paging.SIZE.resolve(pageSize);
        List<BlockRow> rows = reads.blocked(caller, before == null ? null : before.at(),
                before == null ? null : before.id(), size + 1);
        return Page.of(rows, size, last -> pageTokens.encode(query, TimeAndId.FORMAT,
                        new TimeAndId(last.since(), last.blockedId())))
                .map(row -> new BlockedView(row.blockedId(), row.displayName(), row.since()));
    }
}
