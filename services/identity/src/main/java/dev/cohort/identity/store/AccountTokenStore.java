package dev.cohort.identity.store;

import dev.cohort.identity.domain.LinkPurpose;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** The hashes of the single-use tokens in e-mailed links, and whether each was used. */
public class AccountTokenStore {

    private final JdbcTemplate jdbc;

    public AccountTokenStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(byte[] tokenHash, UUID userId, LinkPurpose purpose, Instant now, Instant expiresAt) {
        jdbc.update("insert into account_tokens (token_hash, user_id, purpose, created_at, expires_at) "
                        + "values (?, ?, ?, ?, ?)",
                tokenHash, userId, purpose.name(), Timestamp.from(now), Timestamp.from(expiresAt));
    }

    /** Marks the account's unused tokens of this purpose used, so that only the newest link works. */
    public int supersede(UUID userId, LinkPurpose purpose, Instant now) {
        return jdbc.update("update account_tokens set used_at = ? where user_id = ? and purpose = ? and used_at is null",
                Timestamp.from(now), userId, purpose.name());
    }

    /**
     * Uses the token if it is unused, unexpired and of this purpose, and answers its account. One statement, so of
     * two concurrent uses exactly one wins; inside the caller's transaction, a later failure gives the token back.
     */
    public Optional<UUID> redeem(byte[] tokenHash, LinkPurpose purpose, Instant now) {
        List<UUID> users = jdbc.queryForList("update account_tokens set used_at = ? where token_hash = ? and purpose = ? "
                        + "and used_at is null and expires_at > ? returning user_id",
                UUID.class, Timestamp.from(now), tokenHash, purpose.name(), Timestamp.from(now));
        return users.stream().findFirst();
    }

    /** Forgets tokens that expired before {@code cutoff}; they can open nothing any more. */
    public int deleteExpiredBefore(Instant cutoff) {
        return jdbc.update("delete from account_tokens where expires_at < ?", Timestamp.from(cutoff));
    }
}
