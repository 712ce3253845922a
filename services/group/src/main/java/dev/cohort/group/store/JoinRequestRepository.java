package dev.cohort.group.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JoinRequestRepository extends JpaRepository<JoinRequestEntity, UUID> {

    /** The group a request belongs to, read without loading the request (it is loaded after the group's lock). */
    @Query("select r.groupId from JoinRequestEntity r where r.id = :id")
    Optional<UUID> findGroupIdOf(@Param("id") UUID id);

    @Query("select count(r) > 0 from JoinRequestEntity r where r.groupId = :groupId and r.userId = :userId "
            + "and r.state = dev.cohort.group.domain.RequestState.PENDING")
    boolean existsPending(@Param("groupId") UUID groupId, @Param("userId") UUID userId);

    @Query("select r from JoinRequestEntity r where r.groupId = :groupId and r.userId = :userId "
            + "and r.state = dev.cohort.group.domain.RequestState.PENDING")
    Optional<JoinRequestEntity> findPending(@Param("groupId") UUID groupId, @Param("userId") UUID userId);

    /** A page of a group's pending requests after the cursor, oldest first. */
    @Query("select r from JoinRequestEntity r where r.groupId = :groupId "
            + "and r.state = dev.cohort.group.domain.RequestState.PENDING "
            + "and (r.createdAt > :after or (r.createdAt = :after and r.id > :afterId)) "
            + "order by r.createdAt, r.id")
    List<JoinRequestEntity> pendingPage(@Param("groupId") UUID groupId, @Param("after") Instant after,
                                        @Param("afterId") UUID afterId, Limit limit);

    /** The active groups of a section where the user has a pending request. */
    @Query("select r.groupId from JoinRequestEntity r, GroupEntity g where g.id = r.groupId "
            + "and r.userId = :userId and g.sectionId = :sectionId "
            + "and r.state = dev.cohort.group.domain.RequestState.PENDING")
    List<UUID> pendingGroupIdsInSection(@Param("userId") UUID userId, @Param("sectionId") UUID sectionId);

    /** Ends a disbanded group's pending requests (the platform decides them: no decider). */
    @Modifying(flushAutomatically = true)
    @Query("update JoinRequestEntity r set r.state = dev.cohort.group.domain.RequestState.CANCELLED, "
            + "r.decidedAt = :now where r.groupId = :groupId and r.state = dev.cohort.group.domain.RequestState.PENDING")
    int cancelAllPending(@Param("groupId") UUID groupId, @Param("now") Instant now);
}
