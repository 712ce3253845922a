package dev.cohort.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A token signing key: public half as a JWK, private half encrypted, and when it starts signing. */
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
    @Column(name = "activate_at", nullable = false)
    private Instant activateAt;

    protected SigningKeyEntity() {
    }

    public SigningKeyEntity(String kid, String algorithm, String publicJwk, byte[] privateKeyCiphertext, Instant now,
                            Instant activateAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.privateKeyCiphertext = privateKeyCiphertext.clone();
        this.createdAt = now;
        this.activateAt = activateAt;
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

    public Instant activateAt() {
        return activateAt;
    }
}
