package dev.cohort.profile.store;

import dev.cohort.profile.domain.ContextKind;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Key of a context membership: which kind of context, which one, who. */
@Embeddable
public class ContextMemberId implements Serializable {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ContextKind kind;
    @Column(name = "context_id", nullable = false)
    private UUID contextId;
    @Column(name = "user_id", nullable = false)
    private UUID userId;

    protected ContextMemberId() {
    }

    public ContextMemberId(ContextKind kind, UUID contextId, UUID userId) {
        this.kind = kind;
        this.contextId = contextId;
        this.userId = userId;
    }

    public ContextKind kind() {
        return kind;
    }

    public UUID contextId() {
        return contextId;
    }

    public UUID userId() {
        return userId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContextMemberId that && kind == that.kind && contextId.equals(that.contextId)
                && userId.equals(that.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, contextId, userId);
    }
}
