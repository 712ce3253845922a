package dev.cohort.chat.store;

import static dev.cohort.chat.store.Sql.time;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Chat's projection of profile's contact settings, follows and blocks (V11), and of course's sections (V12). */
public class ContactStore {

    private final JdbcTemplate jdbc;

    public ContactStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A person's settings as of {@code changedAt}; an older change than the one stored changes nothing. */
    public void putSettings(UUID userId, String directMessages, String channelInvites, Instant changedAt) {
        jdbc.update("insert into contact_settings (user_id, direct_messages, channel_invites, changed_at) "
                        + "values (?, ?, ?, ?) on conflict (user_id) do update set "
                        + "direct_messages = excluded.direct_messages, channel_invites = excluded.channel_invites, "
                        + "changed_at = excluded.changed_at where contact_settings.changed_at < excluded.changed_at",
                userId, directMessages, channelInvites, time(changedAt));
    }

    /** The stored settings (direct messages, channel invites), if profile announced any. */
    public Optional<Settings> settingsOf(UUID userId) {
        return jdbc.query("select direct_messages, channel_invites from contact_settings where user_id = ?",
                (rs, n) -> new Settings(rs.getString(1), rs.getString(2)), userId).stream().findFirst();
    }

    public void follow(UUID follower, UUID followed) {
        jdbc.update("insert into follows (follower_id, followed_id) values (?, ?) on conflict do nothing", follower,
                followed);
    }

    public void unfollow(UUID follower, UUID followed) {
        jdbc.update("delete from follows where follower_id = ? and followed_id = ?", follower, followed);
    }

    public boolean follows(UUID follower, UUID followed) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from follows where follower_id = ? and followed_id = ?)", Boolean.class,
                follower, followed));
    }

    public void block(UUID blocker, UUID blocked) {
        jdbc.update("insert into blocks (blocker_id, blocked_id) values (?, ?) on conflict do nothing", blocker,
                blocked);
    }

    public void unblock(UUID blocker, UUID blocked) {
        jdbc.update("delete from blocks where blocker_id = ? and blocked_id = ?", blocker, blocked);
    }

    /** Everyone {@code userId} blocked or was blocked by (two index lookups). */
    public Set<UUID> blockedEitherWay(UUID userId) {
        List<UUID> ids = jdbc.queryForList("select blocked_id from blocks where blocker_id = ? "
                + "union select blocker_id from blocks where blocked_id = ?", UUID.class, userId, userId);
        return new HashSet<>(ids);
    }

    /** {@code userId} is enrolled in {@code sectionId} (a repeated enrollment changes nothing). */
    public void enroll(UUID sectionId, UUID userId) {
        jdbc.update("insert into section_members (section_id, user_id) values (?, ?) on conflict do nothing",
                sectionId, userId);
    }

    /** {@code userId} left {@code sectionId}. */
    public void unenroll(UUID sectionId, UUID userId) {
        jdbc.update("delete from section_members where section_id = ? and user_id = ?", sectionId, userId);
    }

    /** Those of {@code userIds} who share a course section with {@code userId}. */
    public Set<UUID> sharingASection(UUID userId, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("select distinct other.user_id from section_members mine "
                        + "join section_members other on other.section_id = mine.section_id "
                        + "where mine.user_id = ? and other.user_id = any(?)",
                UUID.class, userId, (Object) userIds.toArray(UUID[]::new)));
    }

    /** A person's contact settings as names of ContactPermission. */
    public record Settings(String directMessages, String channelInvites) {
    }
}
