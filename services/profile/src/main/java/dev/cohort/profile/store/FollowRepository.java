package dev.cohort.profile.store;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface FollowRepository extends JpaRepository<FollowEntity, PairId> {

    /** Records the follow unless it exists: 1 when it is new, 0 when it was there (following twice is a no-op). */
    @Modifying
    @Query(value = "insert into follows (follower_id, followed_id, created_at) values (:follower, :followed, :now) "
            + "on conflict do nothing", nativeQuery = true)
    int insertIfAbsent(@Param("follower") UUID follower, @Param("followed") UUID followed, @Param("now") Instant now);

    /** Ends the follow: 1 when there was one, 0 otherwise. Of two concurrent deletes, one counts it. */
    @Modifying
    @Query("delete from FollowEntity f where f.id.from = :follower and f.id.to = :followed")
    int delete(@Param("follower") UUID follower, @Param("followed") UUID followed);
}
