package dev.cohort.profile.store;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Key of a relationship from one person to another: a follow (follower, followed) or a block (blocker, blocked). */
@Embeddable
public class PairId implements Serializable {

    @Column(name = "from_id", nullable = false)
    private UUID from;
    @Column(name = "to_id", nullable = false)
    private UUID to;

    protected PairId() {
    }

    public PairId(UUID from, UUID to) {
        this.from = from;
        this.to = to;
    }

    public UUID from() {
        return from;
    }

    public UUID to() {
        return to;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PairId that && from.equals(that.from) && to.equals(that.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, to);
    }
}
