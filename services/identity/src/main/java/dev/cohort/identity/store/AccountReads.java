package dev.cohort.identity.store;

import dev.cohort.identity.domain.Role;
import dev.cohort.identity.domain.Roles;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An account as its owner sees it (GetMe, on every page load of the web app), read with one statement in autocommit:
 * no JPA session, no transaction to begin and commit, no repository proxies. A JFR profile of {@code bench/unary}
 * showed those, not the query, taking most of the call's time (ADR 0064). Writes stay on {@link UserEntity}.
 */
public class AccountReads {

    private static final String ACCOUNT = "select id, email, display_name, roles, status, created_at, email_verified_at,"
            + " suspended_until"
            + " from users where id = ?";

    /** The columns of an account its owner may see; never the password hash. */
    public record Account(UUID id, String email, String displayName, Set<Role> roles, boolean suspended,
                          Instant createdAt, boolean emailVerified, Instant suspendedUntil) {
    }

    private final JdbcTemplate jdbc;

    public AccountReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Account> account(UUID id) {
        // Columns by position, as selected above.
        List<Account> found = jdbc.query(ACCOUNT, (row, n) -> new Account(
                row.getObject(1, UUID.class),
                row.getString(2),
                row.getString(3),
                Roles.fromColumn(row.getString(4)),
                UserStatus.SUSPENDED.name().equals(row.getString(5)),
                row.getTimestamp(6).toInstant(),
                row.getTimestamp(7) != null,
                row.getTimestamp(8) == null ? null : row.getTimestamp(8).toInstant()), id);
        return found.stream().findFirst();
    }
}
