package dev.cohort.group.store;

import dev.cohort.group.domain.GroupRules;
import dev.cohort.group.domain.GroupState;
import dev.cohort.group.domain.Visibility;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * A study group row. Changes go through the methods below, each on a row locked by
 * {@link GroupRepository#findForUpdate}; each raises the member list version by one. The member count is
 * written as an absolute value, so the lock is what keeps it right (ADR 0013); {@code @Version} makes a path that
 * forgot the lock fail loudly instead of losing a concurrent update.
 */
@Entity
@Table(name = "study_groups")
public class GroupEntity implements Persistable<UUID> {

    @Id
    private UUID id;
    @Column(name = "section_id", nullable = false)
    private UUID sectionId;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String description;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Visibility visibility;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private GroupState state;
    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;
    @Column(name = "max_members", nullable = false)
    private int maxMembers;
    @Column(name = "member_count", nullable = false)
    private int memberCount;
    @Column(name = "member_list_version", nullable = false)
    private long memberListVersion;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "disbanded_at")
    private Instant disbandedAt;
    /** Second guard behind the row lock: a change made without it fails rather than overwrite another. */
    @Version
    private long version;
    @Transient
    private boolean isNew;

    protected GroupEntity() {
    }

    /** A new active group whose only member is its owner (member list version 1). */
    public GroupEntity(UUID id, UUID sectionId, String name, String description, Visibility visibility, UUID ownerId,
                       int maxMembers, Instant now) {
        this.id = id;
        this.sectionId = sectionId;
        this.name = name;
        this.description = description;
        this.visibility = visibility;
        this.state = GroupState.ACTIVE;
        this.ownerId = ownerId;
        this.maxMembers = maxMembers;
        this.memberCount = 1;
        this.memberListVersion = 1;
        this.createdAt = now;
        this.updatedAt = now;
        this.isNew = true;
    }

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
    }

    public UUID id() {
        return id;
    }

    public UUID sectionId() {
        return sectionId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Visibility visibility() {
        return visibility;
    }

    public GroupState state() {
        return state;
    }

    public boolean isActive() {
        return state == GroupState.ACTIVE;
    }

    public UUID ownerId() {
        return ownerId;
    }

    public boolean isOwnedBy(UUID userId) {
        return ownerId.equals(userId);
    }

    public int maxMembers() {
        return maxMembers;
    }

    public int memberCount() {
        return memberCount;
    }

    public int seatsLeft() {
        return GroupRules.seatsLeft(state, memberCount, maxMembers);
    }

    public long memberListVersion() {
        return memberListVersion;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant disbandedAt() {
        return disbandedAt;
    }

    /** Takes a seat for a new member: the group must be active and have one left. */
    public void admit(Instant now) {
        GroupRules.requireActive(state);
        GroupRules.requireSeatLeft(memberCount, maxMembers);
        memberCount++;
        changed(now);
    }

    /** Frees the seat of a member who left or was removed. */
    public void release(Instant now) {
        if (memberCount <= 1) {
            throw new IllegalStateException("the last member ends the group (disband), never just leaves it");
        }
        memberCount--;
        changed(now);
    }

    /** Makes {@code newOwner} (a member) the owner. */
    public void handOver(UUID newOwner, Instant now) {
        ownerId = newOwner;
        changed(now);
    }

    /** Ends the group: no members, no seats. */
    public void disband(Instant now) {
        GroupRules.requireActive(state);
        state = GroupState.DISBANDED;
        memberCount = 0;
        disbandedAt = now;
        changed(now);
    }

    private void changed(Instant now) {
        memberListVersion++;
        updatedAt = now;
    }
}
