package dev.cohort.identity.store;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

public interface UserRepository extends JpaRepository<UserEntity, UUID> {

    Optional<UserEntity> findByEmail(String normalisedEmail);

    boolean existsByEmail(String normalisedEmail);

    /**
     * Suspensions for a time that have ended by {@code now}, locked; rows another replica's sweep holds are skipped
     * (lock timeout -2 is Hibernate's SKIP LOCKED), so two sweeps never lift the same account twice.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
    @Query("select u from UserEntity u where u.status = dev.cohort.identity.store.UserStatus.SUSPENDED"
            + " and u.suspendedUntil <= :now order by u.suspendedUntil")
    List<UserEntity> findEndedSuspensionsForUpdate(Instant now, Limit limit);
}
