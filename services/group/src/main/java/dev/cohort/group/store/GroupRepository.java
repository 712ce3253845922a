package dev.cohort.group.store;

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

public interface GroupRepository extends JpaRepository<GroupEntity, UUID> {

    /**
     * Locks the group's row until the transaction ends: every change of a group's members, owner or requests
     * starts here, so they happen one at a time per group (ADR 0013). Must be the transaction's first read of
     * the group, or Hibernate would hand back the copy it already holds.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select g from GroupEntity g where g.id = :id")
    Optional<GroupEntity> findForUpdate(@Param("id") UUID id);

    @Query("select count(g) > 0 from GroupEntity g where g.sectionId = :sectionId "
            + "and g.state = dev.cohort.group.domain.GroupState.ACTIVE and lower(g.name) = lower(:name)")
    boolean existsActiveByName(@Param("sectionId") UUID sectionId, @Param("name") String name);

    /** A page of a section's active groups after the cursor, oldest first. */
    @Query("select g from GroupEntity g where g.sectionId = :sectionId "
            + "and g.state = dev.cohort.group.domain.GroupState.ACTIVE "
            + "and (:onlyWithSeatsLeft = false or g.memberCount < g.maxMembers) "
            + "and (g.createdAt > :after or (g.createdAt = :after and g.id > :afterId)) "
            + "order by g.createdAt, g.id")
    List<GroupEntity> pageInSection(@Param("sectionId") UUID sectionId,
                                    @Param("onlyWithSeatsLeft") boolean onlyWithSeatsLeft,
                                    @Param("after") Instant after, @Param("afterId") UUID afterId, Limit limit);
}
