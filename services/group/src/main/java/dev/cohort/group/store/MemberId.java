package dev.cohort.group.store;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Key of a membership: one row per group and user. */
@Embeddable
public class MemberId implements Serializable {

    @Column(name = "group_id", nullable = false)
    private UUID groupId;
    @Column(name = "user_id", nullable = false)
    private UUID userId;

    protected MemberId() {
    }

    public MemberId(UUID groupId, UUID userId) {
        this.groupId = groupId;
        this.userId = userId;
    }

    public UUID groupId() {
        return groupId;
    }

    public UUID userId() {
        return userId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemberId that && groupId.equals(that.groupId) && userId.equals(that.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, userId);
    }
}
