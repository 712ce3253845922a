package dev.cohort.profile.store;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AvatarUploadRepository extends JpaRepository<AvatarUploadEntity, UUID> {

    /** The upload with its row locked until the transaction ends, so two confirmations cannot both use it. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from AvatarUploadEntity u where u.uploadId = :id")
    Optional<AvatarUploadEntity> findForUpdate(@Param("id") UUID id);

    /** Uploads that expired before {@code cutoff}, oldest first, at most {@code limit} of them (the sweep). */
    List<AvatarUploadEntity> findByExpiresAtBeforeOrderByExpiresAtAsc(Instant cutoff, Limit limit);
}
