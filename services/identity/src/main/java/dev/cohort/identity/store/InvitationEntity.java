package dev.cohort.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A single-use invitation code, known by its hash. */
@Entity
@Table(name = "invitations")
public class InvitationEntity {

    @Id
    private UUID id;
    @Column(name = "code_hash", nullable = false)
    private byte[] codeHash;
    private String email;
    @Column(nullable = false)
    private String role;
    @Column(name = "created_by", nullable = false)
    private UUID createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "used_by")
    private UUID usedBy;
    @Column(name = "used_at")
    private Instant usedAt;

    protected InvitationEntity() {
    }

    public InvitationEntity(byte[] codeHash, String email, String role, UUID createdBy, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.codeHash = codeHash.clone();
        this.email = email;
        this.role = role;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public String email() {
        return email;
    }

    public String role() {
        return role;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean isUsed() {
        return usedAt != null;
    }

    public void markUsed(UUID userId, Instant now) {
        usedBy = userId;
        usedAt = now;
    }
}
