package dev.cohort.profile.store;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ProfileRepository extends JpaRepository<ProfileEntity, UUID> {

    /** The profile with its row locked until the transaction ends (its owner changing it). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from ProfileEntity p where p.userId = :userId")
    Optional<ProfileEntity> findForUpdate(@Param("userId") UUID userId);

    /**
     * Creates the profile of a new account unless it exists (a registration delivered twice, or two replicas
     * racing): 1 when created, 0 when it was there. Defaults for everything else come from the table.
     */
    @Modifying
    @Query(value = "insert into profiles (user_id, email, display_name, created_at, updated_at, privacy_updated_at) "
            + "values (:userId, :email, :displayName, :now, :now, :now) on conflict (user_id) do nothing",
            nativeQuery = true)
    int insertIfAbsent(@Param("userId") UUID userId, @Param("email") String email,
                       @Param("displayName") String displayName, @Param("now") Instant now);

    /**
     * Locks these profiles for a follow or an unfollow, in id order, and answers those that exist. The lock (no
     * key update) lets the follow's foreign-key checks and other reads through but queues the follow counts'
     * updates of two follows of the same people in one order, so they never deadlock; a block of either person
     * (which takes {@link #lockForBlock}) waits for the follow to commit and then removes it, or commits first and
     * is seen by the follow's visibility check.
     */
    @Query(value = "select user_id from profiles where user_id in (:ids) order by user_id for no key update",
            nativeQuery = true)
    List<UUID> lockForFollow(@Param("ids") Collection<UUID> ids);

    /**
     * Adds {@code delta} (1 or -1) to {@code followed}'s follower count and {@code follower}'s following count, in
     * the transaction that adds or removes their follow, after {@link #lockForFollow} or {@link #lockForBlock}
     * locked both rows (ADR 0038).
     */
    @Modifying
    @Query(value = "update profiles set "
            + "follower_count = follower_count + case when user_id = :followed then :delta else 0 end, "
            + "following_count = following_count + case when user_id = :follower then :delta else 0 end "
            + "where user_id in (:follower, :followed)", nativeQuery = true)
    int countFollow(@Param("follower") UUID follower, @Param("followed") UUID followed, @Param("delta") int delta);

    /** Marks {@code userId}'s account suspended or not (identity's events); 0 when there is no such profile. */
    @Modifying
    @Query(value = "update profiles set suspended = :suspended where user_id = :userId", nativeQuery = true)
    int markSuspended(@Param("userId") UUID userId, @Param("suspended") boolean suspended);

    /** Locks these profiles against follows and other blocks, in id order; answers those that exist. */
    @Query(value = "select user_id from profiles where user_id in (:ids) order by user_id for update",
            nativeQuery = true)
    List<UUID> lockForBlock(@Param("ids") Collection<UUID> ids);
}
