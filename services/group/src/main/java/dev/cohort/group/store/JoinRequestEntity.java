package dev.cohort.group.store;

import dev.cohort.group.domain.RequestState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/** A join request. It leaves PENDING once, through {@link #decide}, while its group's row is locked. */
@Entity
@Table(name = "join_requests")
public class JoinRequestEntity implements Persistable<UUID> {

    @Id
    private UUID id;
    @Column(name = "group_id", nullable = false)
    private UUID groupId;
    @Column(name = "user_id", nullable = false)
    private UUID userId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RequestState state;
    @Column(nullable = false)
    private String message;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column(name = "decided_by")
    private UUID decidedBy;
    @Transient
    private boolean isNew;

    protected JoinRequestEntity() {
    }

    public JoinRequestEntity(UUID id, UUID groupId, UUID userId, String message, Instant now) {
        this.id = id;
        this.groupId = groupId;
        this.userId = userId;
        this.state = RequestState.PENDING;
        this.message = message;
        this.createdAt = now;
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

    public UUID groupId() {
        return groupId;
    }

    public UUID userId() {
        return userId;
    }

    public RequestState state() {
        return state;
    }

    public String message() {
        return message;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    /** Who decided; null while pending and when the platform did. */
    public UUID decidedBy() {
        return decidedBy;
    }

    /** Moves the request out of PENDING (FAILED_PRECONDITION when it already left). {@code by} may be null. */
    public void decide(RequestState outcome, UUID by, Instant now) {
        state = state.decide(outcome);
        decidedBy = by;
        decidedAt = now;
    }
}
