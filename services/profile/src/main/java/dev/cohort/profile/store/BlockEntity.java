package dev.cohort.profile.store;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A block: {@code blocker} blocked {@code blocked}. Written by {@link BlockRepository#insertIfAbsent}. */
@Entity
@Table(name = "blocks")
public class BlockEntity {

    @EmbeddedId
    @AttributeOverride(name = "from", column = @Column(name = "blocker_id", nullable = false))
    @AttributeOverride(name = "to", column = @Column(name = "blocked_id", nullable = false))
    private PairId id;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected BlockEntity() {
    }

    public UUID blockerId() {
        return id.from();
    }

    public UUID blockedId() {
        return id.to();
    }

    public Instant createdAt() {
        return createdAt;
    }
}
