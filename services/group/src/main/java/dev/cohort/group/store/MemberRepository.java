package dev.cohort.group.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface MemberRepository extends JpaRepository<MemberEntity, MemberId> {

    /** A group's members, longest-standing first (the order of its member list). */
    @Query("select m from MemberEntity m where m.id.groupId = :groupId order by m.joinedAt, m.id.userId")
    List<MemberEntity> ofGroup(@Param("groupId") UUID groupId);

    @Query("select m from MemberEntity m where m.id.groupId in :groupIds order by m.joinedAt, m.id.userId")
    List<MemberEntity> ofGroups(@Param("groupIds") Collection<UUID> groupIds);

    /** A page of a user's memberships after the cursor, in the order they joined. */
    @Query("select m from MemberEntity m where m.id.userId = :userId "
            + "and (m.joinedAt > :after or (m.joinedAt = :after and m.id.groupId > :afterId)) "
            + "order by m.joinedAt, m.id.groupId")
    List<MemberEntity> pageOfUser(@Param("userId") UUID userId, @Param("after") Instant after,
                                  @Param("afterId") UUID afterId, Limit limit);

    /** The active groups of a section that the user is a member of. */
    @Query("select m.id.groupId from MemberEntity m, GroupEntity g where g.id = m.id.groupId "
            + "and m.id.userId = :userId and g.sectionId = :sectionId")
    List<UUID> groupIdsInSection(@Param("userId") UUID userId, @Param("sectionId") UUID sectionId);

    @Modifying(flushAutomatically = true)
    @Query("delete from MemberEntity m where m.id.groupId = :groupId")
    int deleteAllOfGroup(@Param("groupId") UUID groupId);
}
