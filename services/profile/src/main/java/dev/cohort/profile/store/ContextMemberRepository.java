package dev.cohort.profile.store;

import java.util.Collection;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Profile's projection of who is in which section, group and conversation. Every write is idempotent. */
public interface ContextMemberRepository extends JpaRepository<ContextMemberEntity, ContextMemberId> {

    /** {@code userId} is in the context (kind by name, see ContextKind); nothing changes when already recorded. */
    @Modifying
    @Query(value = "insert into context_members (kind, context_id, user_id) values (:kind, :contextId, :userId) "
            + "on conflict do nothing", nativeQuery = true)
    int add(@Param("kind") String kind, @Param("contextId") UUID contextId, @Param("userId") UUID userId);

    /** {@code userId} left the context; nothing changes when not recorded. */
    @Modifying
    @Query(value = "delete from context_members where kind = :kind and context_id = :contextId and user_id = :userId",
            nativeQuery = true)
    int remove(@Param("kind") String kind, @Param("contextId") UUID contextId, @Param("userId") UUID userId);

    /** Everyone in the context but {@code keep} leaves it (an empty {@code keep} is not allowed: use removeAll). */
    @Modifying
    @Query(value = "delete from context_members where kind = :kind and context_id = :contextId "
            + "and user_id not in (:keep)", nativeQuery = true)
    int removeAllBut(@Param("kind") String kind, @Param("contextId") UUID contextId,
                     @Param("keep") Collection<UUID> keep);

    /** The context ended: nobody is in it any more. */
    @Modifying
    @Query(value = "delete from context_members where kind = :kind and context_id = :contextId", nativeQuery = true)
    int removeAll(@Param("kind") String kind, @Param("contextId") UUID contextId);

    /**
     * Records {@code version} as the group's applied member list version if it is newer than the one recorded:
     * 1 when it is (the caller then applies the list), 0 when an equal or newer one was applied already.
     */
    @Modifying
    @Query(value = "insert into group_versions (group_id, member_list_version) values (:groupId, :version) "
            + "on conflict (group_id) do update set member_list_version = excluded.member_list_version "
            + "where group_versions.member_list_version < excluded.member_list_version", nativeQuery = true)
    int advanceGroupVersion(@Param("groupId") UUID groupId, @Param("version") long version);
}
