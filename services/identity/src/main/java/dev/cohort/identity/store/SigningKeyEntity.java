package dev.cohort.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A token signing key: public half as a JWK, private half encrypted. */
@Entity
@Table(name = "signing_keys")
public class SigningKeyEntity {

    @Id
    private String kid;
    @Column(nullable = false)
    private String algorithm;
    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;
    @Column(name = "private_key_ciphertext", nullable = false)
    private byte[] privateKeyCiphertext;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "retired_at")
    private Instant retiredAt;
    @Column(name = "publish_until")
    private Instant publishUntil;

    protected SigningKeyEntity() {
    }

    public SigningKeyEntity(String kid, String algorithm, String publicJwk, byte[] privateKeyCiphertext, Instant now) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.privateKeyCiphertext = privateKeyCiphertext.clone();
        this.createdAt = now;
    }

    public String kid() {
        return kid;
    }

    public String publicJwk() {
        return publicJwk;
    }

    public byte[] privateKeyCiphertext() {
        return privateKeyCiphertext.clone();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public boolean isRetired() {
        return retiredAt != null;
    }

    /** Stops signing with this key; it stays in the JWK Set until {@code publishUntil}. */
    public void retire(Instant now, Instant publishUntil) {
        this.retiredAt = now;
        this.publishUntil = publishUntil;
    }

    public boolean isPublishedAt(Instant now) {
        return publishUntil == null || publishUntil.isAfter(now);
    }
}
