package dev.cohort.chat.store;

import static dev.cohort.chat.store.Sql.time;
import static dev.cohort.chat.store.Sql.uuid;

import dev.cohort.chat.domain.ReactionCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reactions: one row per (message, user, emoji). */
public class ReactionStore {

    private final JdbcTemplate jdbc;

    public ReactionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True if added; false if the user had already reacted with this emoji. */
    public boolean add(UUID messageId, UUID userId, String emoji, Instant at) {
        return jdbc.update("insert into reactions (message_id, user_id, emoji, created_at) values (?, ?, ?, ?) "
                + "on conflict do nothing", messageId, userId, emoji, time(at)) == 1;
    }

    public boolean remove(UUID messageId, UUID userId, String emoji) {
        return jdbc.update("delete from reactions where message_id = ? and user_id = ? and emoji = ?", messageId,
                userId, emoji) == 1;
    }

    public void removeAll(UUID messageId) {
        jdbc.update("delete from reactions where message_id = ?", messageId);
    }

    /** Reaction counts per message, in order of each emoji's first use; {@code reactedByMe} for {@code viewer}. */
    public Map<UUID, List<ReactionCount>> counts(Collection<UUID> messageIds, UUID viewer) {
        Map<UUID, List<ReactionCount>> counts = new HashMap<>();
        if (messageIds.isEmpty()) {
            return counts;
        }
        jdbc.query("select message_id, emoji, count(*) as n, bool_or(user_id = ?) as mine, min(created_at) as first "
                        + "from reactions where message_id = any(?) group by message_id, emoji order by first, emoji",
                row -> {
                    counts.computeIfAbsent(uuid(row, "message_id"), id -> new ArrayList<>()).add(
                            new ReactionCount(row.getString("emoji"), row.getInt("n"), row.getBoolean("mine")));
                }, viewer, messageIds.toArray(UUID[]::new));
        return counts;
    }
}
