package dev.cohort.identity.domain;

/** One-way password hashing; implementations must be slow and salted (Argon2id here). */
public interface PasswordHasher {

    String hash(String password);

    boolean matches(String password, String hash);

    /** Spends the same effort as a real check, for callers that have no hash to check against (unknown e-mail). */
    void matchAgainstDummy(String password);

    /** True when the hash was made with weaker parameters than today's and should be replaced. */
    boolean needsRehash(String hash);
}
