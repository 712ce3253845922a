package dev.cohort.profile.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An avatar upload CreateAvatarUpload handed out; used at most once, by its owner, before it expires. */
@Entity
@Table(name = "avatar_uploads")
public class AvatarUploadEntity {

    @Id
    @Column(name = "upload_id")
    private UUID uploadId;
    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;
    @Column(name = "content_type", nullable = false)
    private String contentType;
    @Column(name = "content_length", nullable = false)
    private long contentLength;
    @Column(name = "object_key", nullable = false)
    private String objectKey;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(nullable = false)
    private boolean used;

    protected AvatarUploadEntity() {
    }

    public AvatarUploadEntity(UUID uploadId, UUID ownerId, String contentType, long contentLength, String objectKey,
                              Instant createdAt, Instant expiresAt) {
        this.uploadId = uploadId;
        this.ownerId = ownerId;
        this.contentType = contentType;
        this.contentLength = contentLength;
        this.objectKey = objectKey;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public UUID uploadId() {
        return uploadId;
    }

    public String objectKey() {
        return objectKey;
    }

    public long contentLength() {
        return contentLength;
    }

    /** Whether {@code caller} may still confirm it at {@code now}. */
    public boolean usableBy(UUID caller, Instant now) {
        return ownerId.equals(caller) && !used && now.isBefore(expiresAt);
    }

    public void markUsed() {
        used = true;
    }
}
