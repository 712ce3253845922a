package dev.cohort.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A refresh token, known only by its hash, in the family of one sign-in. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshTokenEntity {

    @Id
    private UUID id;
    @Column(name = "family_id", nullable = false)
    private UUID familyId;
    @Column(name = "user_id", nullable = false)
    private UUID userId;
    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RefreshTokenStatus status;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;

    protected RefreshTokenEntity() {
    }

    public RefreshTokenEntity(UUID familyId, UUID userId, byte[] tokenHash, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.familyId = familyId;
        this.userId = userId;
        this.tokenHash = tokenHash.clone();
        this.status = RefreshTokenStatus.ACTIVE;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public UUID familyId() {
        return familyId;
    }

    public UUID userId() {
        return userId;
    }

    public RefreshTokenStatus status() {
        return status;
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public void markRotated(Instant now) {
        status = RefreshTokenStatus.ROTATED;
        usedAt = now;
    }
}
