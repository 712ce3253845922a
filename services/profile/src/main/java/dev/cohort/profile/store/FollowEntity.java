package dev.cohort.profile.store;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A follow: {@code follower} follows {@code followed}. Written by {@link FollowRepository#insertIfAbsent}. */
@Entity
@Table(name = "follows")
public class FollowEntity {

    @EmbeddedId
    @AttributeOverride(name = "from", column = @Column(name = "follower_id", nullable = false))
    @AttributeOverride(name = "to", column = @Column(name = "followed_id", nullable = false))
    private PairId id;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected FollowEntity() {
    }

    public UUID followerId() {
        return id.from();
    }

    public UUID followedId() {
        return id.to();
    }

    public Instant createdAt() {
        return createdAt;
    }
}
