package dev.cohort.identity.store;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface RefreshTokenRepository extends JpaRepository<RefreshTokenEntity, UUID> {

    /** Locks the row: of concurrent refreshes with one token, the others wait and then see it ROTATED. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from RefreshTokenEntity t where t.tokenHash = :hash")
    Optional<RefreshTokenEntity> findForUpdate(@Param("hash") byte[] hash);

    @Modifying
    @Query("update RefreshTokenEntity t set t.status = dev.cohort.identity.store.RefreshTokenStatus.REVOKED "
            + "where t.familyId = :familyId and t.status <> dev.cohort.identity.store.RefreshTokenStatus.REVOKED")
    int revokeFamily(@Param("familyId") UUID familyId);

    @Modifying
    @Query("update RefreshTokenEntity t set t.status = dev.cohort.identity.store.RefreshTokenStatus.REVOKED "
            + "where t.userId = :userId and t.status = dev.cohort.identity.store.RefreshTokenStatus.ACTIVE")
    int revokeAllOfUser(@Param("userId") UUID userId);

    long countByFamilyIdAndStatus(UUID familyId, RefreshTokenStatus status);
}
