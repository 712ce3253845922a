package dev.cohort.chat.store;

import static dev.cohort.chat.store.Sql.time;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ids of registered users ({@code known_users}), as identity's events announced them. */
public class UserStore {

    private final JdbcTemplate jdbc;

    public UserStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a registered user; recording one twice changes nothing. */
    public void add(UUID userId, Instant registeredAt) {
        jdbc.update("insert into known_users (user_id, registered_at) values (?, ?) on conflict do nothing", userId,
                time(registeredAt));
    }

    /** Which of {@code userIds} are registered users. */
    public Set<UUID> knownAmong(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        List<UUID> known = jdbc.queryForList("select user_id from known_users where user_id = any(?)", UUID.class,
                (Object) userIds.toArray(UUID[]::new));
        return new HashSet<>(known);
    }
}
