package dev.cohort.moderation.store;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who is in which conversation and who wrote which message, as chat's events said (ADR 0057): enough to tell
 * whether a member can see a message they report, and whether a member owns the conversation of a report. Applied
 * once per event by the caller; each change is idempotent anyway.
 */
public final class ChatFacts {

    /** A message as reports need it. */
    public record MessageFact(UUID messageId, UUID conversationId, long sequence, UUID author) {
    }

    private final JdbcTemplate jdbc;

    public ChatFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void memberAdded(UUID conversation, UUID user, String role) {
        jdbc.update("insert into conversation_members (conversation_id, user_id, role) values (?, ?, ?) "
                + "on conflict (conversation_id, user_id) do update set role = excluded.role", conversation, user, role);
    }

    public void memberRemoved(UUID conversation, UUID user) {
        jdbc.update("delete from conversation_members where conversation_id = ? and user_id = ?", conversation, user);
    }

    public void messagePosted(UUID message, UUID conversation, long sequence, UUID author) {
        jdbc.update("insert into messages (message_id, conversation_id, sequence, author_user_id) values (?, ?, ?, ?) "
                + "on conflict do nothing", message, conversation, sequence, author);
    }

    public void messageDeleted(UUID message) {
        jdbc.update("update messages set deleted = true where message_id = ?", message);
    }

    public void userRegistered(UUID user) {
        jdbc.update("insert into users (user_id) values (?) on conflict do nothing", user);
    }

    public boolean userExists(UUID user) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from users where user_id = ?)",
                Boolean.class, user));
    }

    /** The message, if it is not deleted and {@code reader} is a member of its conversation. */
    public Optional<MessageFact> visibleMessage(UUID message, UUID reader) {
        return jdbc.query("select m.message_id, m.conversation_id, m.sequence, m.author_user_id from messages m "
                        + "join conversation_members c on c.conversation_id = m.conversation_id and c.user_id = ? "
                        + "where m.message_id = ? and not m.deleted",
                (rs, row) -> new MessageFact(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3),
                        rs.getObject(4, UUID.class)), reader, message).stream().findFirst();
    }
}
