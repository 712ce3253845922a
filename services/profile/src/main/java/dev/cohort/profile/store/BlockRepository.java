package dev.cohort.profile.store;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface BlockRepository extends JpaRepository<BlockEntity, PairId> {

    /** Records the block unless it exists: 1 when it is new, 0 when it was there. */
    @Modifying
    @Query(value = "insert into blocks (blocker_id, blocked_id, created_at) values (:blocker, :blocked, :now) "
            + "on conflict do nothing", nativeQuery = true)
    int insertIfAbsent(@Param("blocker") UUID blocker, @Param("blocked") UUID blocked, @Param("now") Instant now);

    /** Lifts the block: 1 when there was one, 0 otherwise. */
    @Modifying
    @Query("delete from BlockEntity b where b.id.from = :blocker and b.id.to = :blocked")
    int delete(@Param("blocker") UUID blocker, @Param("blocked") UUID blocked);
}
