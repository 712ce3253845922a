package dev.cohort.identity.store;

import dev.cohort.identity.domain.Role;
import dev.cohort.identity.domain.Roles;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An account row. */
@Entity
@Table(name = "users")
public class UserEntity {

    @Id
    private UUID id;
    @Column(nullable = false)
    private String email;
    @Column(name = "display_name", nullable = false)
    private String displayName;
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;
    @Column(nullable = false)
    private String roles;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private UserStatus status;
    @Column(name = "suspension_reason")
    private String suspensionReason;
    @Column(name = "suspended_until")
    private Instant suspendedUntil;
    @Column(name = "suspended_by")
    private UUID suspendedBy;
    @Column(name = "token_version", nullable = false)
    private long tokenVersion;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "email_verified_at")
    private Instant emailVerifiedAt;
    @Version
    private long version;

    protected UserEntity() {
    }

    public UserEntity(UUID id, String email, String displayName, String passwordHash, Set<Role> roles, Instant now) {
        this.id = id;
        this.email = email;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.roles = Roles.toColumn(roles);
        this.status = UserStatus.ACTIVE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Set<Role> roles() {
        return Roles.fromColumn(roles);
    }

    public UserStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The version new access tokens carry. */
    public long tokenVersion() {
        return tokenVersion;
    }

    /** Retires every token issued so far: they carry a lower version from now on. Returns the new version. */
    public long raiseTokenVersion(Instant now) {
        tokenVersion++;
        updatedAt = now;
        return tokenVersion;
    }

    public boolean isSuspended() {
        return status == UserStatus.SUSPENDED;
    }

    /** When the suspension ends by itself; null when active or suspended for good. */
    public Instant suspendedUntil() {
        return suspendedUntil;
    }

    /** The admin who suspended the account; null when active. */
    public UUID suspendedBy() {
        return suspendedBy;
    }

    /** Whether a suspension for a time has run out at {@code now} (and the account is only waiting to be lifted). */
    public boolean suspensionEndedAt(Instant now) {
        return isSuspended() && suspendedUntil != null && !suspendedUntil.isAfter(now);
    }

    /** Suspends the account, for good when {@code until} is null. */
    public void suspend(String reason, Instant until, UUID admin, Instant now) {
        status = UserStatus.SUSPENDED;
        suspensionReason = reason;
        suspendedUntil = until;
        suspendedBy = admin;
        updatedAt = now;
    }

    public void reinstate(Instant now) {
        status = UserStatus.ACTIVE;
        suspensionReason = null;
        suspendedUntil = null;
        suspendedBy = null;
        updatedAt = now;
    }

    public void replaceRoles(Set<Role> newRoles, Instant now) {
        roles = Roles.toColumn(newRoles);
        updatedAt = now;
    }

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }

    /** The owner proved the address is theirs; the first proof's time is kept. */
    public void markEmailVerified(Instant now) {
        if (emailVerifiedAt == null) {
            emailVerifiedAt = now;
            updatedAt = now;
        }
    }

    public void replacePasswordHash(String newHash, Instant now) {
        passwordHash = newHash;
        updatedAt = now;
    }
}
