package dev.cohort.group.store;

import dev.cohort.group.domain.Tenure;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/** A current membership. Whether the member owns the group is the group's {@code owner_id}, never stored twice. */
@Entity
@Table(name = "group_members")
public class MemberEntity implements Persistable<MemberId> {

    @EmbeddedId
    private MemberId id;
    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;
    @Transient
    private boolean isNew;

    protected MemberEntity() {
    }

    public MemberEntity(UUID groupId, UUID userId, Instant joinedAt) {
        this.id = new MemberId(groupId, userId);
        this.joinedAt = joinedAt;
        this.isNew = true;
    }

    @Override
    public MemberId getId() {
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

    public UUID groupId() {
        return id.groupId();
    }

    public UUID userId() {
        return id.userId();
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    public Tenure tenure() {
        return new Tenure(id.userId(), joinedAt);
    }
}
