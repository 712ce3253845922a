package dev.cohort.identity.security;

import dev.cohort.identity.domain.PasswordHasher;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB memory, 2 iterations, 1 lane), a 16-byte salt and a 32-byte
 * hash. Parameters are stored in each hash, so raising them later only needs {@link #needsRehash} on sign-in.
 */
public final class Argon2PasswordHasher implements PasswordHasher {

    private final Argon2PasswordEncoder encoder;
    private final String dummyHash;

    public Argon2PasswordHasher() {
        this(19 * 1024, 2);
    }

    Argon2PasswordHasher(int memoryKiB, int iterations) {
        this.encoder = new Argon2PasswordEncoder(16, 32, 1, memoryKiB, iterations);
        this.dummyHash = encoder.encode("a password nobody has, to spend equal time");
    }

    @Override
    public String hash(String password) {
        return encoder.encode(password);
    }

    @Override
    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    @Override
    public void matchAgainstDummy(String password) {
        encoder.matches(password, dummyHash);
    }

    @Override
    public boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}
