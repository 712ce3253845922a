package dev.cohort.search.store;

import dev.cohort.search.domain.MarkedText;
import dev.cohort.search.domain.ProfileVisibility;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Changes to the index, one per event. Each is safe to repeat, and a change older than the one a document already
 * reflects ({@code changed_at}, the event time) leaves it alone, so a late or replayed event never undoes a newer
 * one. Text is stored without the snippet mark characters ({@link MarkedText#clean}).
 */
public class IndexWrites {

    /** The live index. */
    public static final String LIVE = "documents";
    /** Where Reindex rebuilds a kind ({@link IndexRebuild}). */
    public static final String REBUILD = "documents_rebuild";

    private final NamedParameterJdbcTemplate jdbc;
    private final String documents;

    /** Writes to the documents of {@code table}: {@link #LIVE} or {@link #REBUILD}. */
    public IndexWrites(NamedParameterJdbcTemplate jdbc, String table) {
        if (!table.equals(LIVE) && !table.equals(REBUILD)) {
            throw new IllegalArgumentException("not a documents table: " + table);
        }
        this.jdbc = jdbc;
        this.documents = table;
    }

    /** A message was posted (or its post is replayed: then a later edit it already reflects stands). */
    public void messagePosted(PostedMessage message) {
        messagesPosted(List.of(message));
    }

    /**
     * Messages were posted, each as {@link #messagePosted}, in one statement: one round trip and one run of the
     * vocabulary trigger for a consumer's poll instead of one per message (ADR 0072). The ids must be distinct (a
     * statement may change a row only once).
     */
    public void messagesPosted(List<PostedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        int size = messages.size();
        UUID[] ids = new UUID[size];
        String[] languages = new String[size];
        String[] bodies = new String[size];
        UUID[] conversations = new UUID[size];
        Long[] sequences = new Long[size];
        UUID[] authors = new UUID[size];
        String[] times = new String[size];
        for (int i = 0; i < size; i++) {
            PostedMessage message = messages.get(i);
            ids[i] = message.id();
            languages[i] = message.language();
            bodies[i] = MarkedText.clean(message.text());
            conversations[i] = message.conversationId();
            sequences[i] = message.sequence();
            authors[i] = message.authorId();
            times[i] = message.postedAt().toString();
        }
        jdbc.getJdbcTemplate().update("""
                insert into %s (kind, id, language, body, conversation_id, sequence, author_id, posted_at,
                                changed_at)
                select 'MESSAGE', m.id, cast(m.language as regconfig), m.body, m.conversation_id, m.sequence,
                       m.author_id, m.at, m.at
                from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::bigint[], ?::uuid[], ?::timestamptz[])
                     as m(id, language, body, conversation_id, sequence, author_id, at)
                on conflict (kind, id) do update
                    set body = excluded.body, language = excluded.language, changed_at = excluded.changed_at
                where %s.changed_at < excluded.changed_at
                """.formatted(documents, documents), ids, languages, bodies, conversations, sequences, authors, times);
    }

    /**
     * A message's text was replaced (and with it, maybe its language); nothing happens for a message not (or no
     * longer) in the index.
     */
    public void messageEdited(UUID messageId, String language, String text, Instant editedAt) {
        jdbc.update("""
                update %s set body = :body, language = cast(:language as regconfig), changed_at = :at
                where kind = 'MESSAGE' and id = :id and changed_at <= :at
                """.formatted(documents), new MapSqlParameterSource("id", messageId).addValue("body", MarkedText.clean(text))
                .addValue("language", language).addValue("at", utc(editedAt)));
    }

    /** A message was deleted: it leaves the index, text and all. */
    public void messageDeleted(UUID messageId) {
        jdbc.update("delete from %s where kind = 'MESSAGE' and id = :id".formatted(documents),
                new MapSqlParameterSource("id", messageId));
    }

    /** Someone joined a conversation or enrolled in a section ({@code contextKind} CONVERSATION or SECTION). */
    public void joined(String contextKind, UUID contextId, UUID userId) {
        jdbc.update("""
                insert into memberships (context_kind, context_id, user_id) values (:kind, :context, :user)
                on conflict do nothing
                """, membership(contextKind, contextId, userId));
    }

    /** Someone left a conversation or dropped a section. */
    public void left(String contextKind, UUID contextId, UUID userId) {
        jdbc.update("delete from memberships where context_kind = :kind and context_id = :context and user_id = :user",
                membership(contextKind, contextId, userId));
    }

    /** A course as the catalog now has it: its code and title are the heading, its description the body. */
    public void courseUpserted(UUID courseId, String language, String title, String description, Instant changedAt) {
        jdbc.update("""
                insert into %s (kind, id, language, title, body, posted_at, changed_at)
                values ('COURSE', :id, cast(:language as regconfig), :title, :body, :at, :at)
                on conflict (kind, id) do update
                    set title = excluded.title, body = excluded.body, language = excluded.language,
                        posted_at = excluded.posted_at, changed_at = excluded.changed_at
                where %s.changed_at <= excluded.changed_at
                """.formatted(documents, documents), new MapSqlParameterSource("id", courseId).addValue("language", language)
                .addValue("title", MarkedText.clean(title)).addValue("body", MarkedText.clean(description))
                .addValue("at", utc(changedAt)));
    }

    /**
     * A person as their profile now reads ({@code about}: program and bio), or as registered (display name only:
     * a registration never overwrites a profile change, which is always later).
     */
    public void personChanged(UUID userId, String language, String displayName, String about, Instant changedAt,
                              boolean registration) {
        jdbc.update("""
                insert into %s (kind, id, language, title, body, posted_at, changed_at)
                values ('PERSON', :id, cast(:language as regconfig), :title, :body, :at, :at)
                on conflict (kind, id) do update
                    set title = excluded.title, body = excluded.body, posted_at = excluded.posted_at,
                        changed_at = excluded.changed_at
                where %s.changed_at <= excluded.changed_at and not :registration
                """.formatted(documents, documents), new MapSqlParameterSource("id", userId).addValue("language", language)
                .addValue("title", MarkedText.clean(displayName)).addValue("body", MarkedText.clean(about))
                .addValue("at", utc(changedAt)).addValue("registration", registration));
    }

    /** A person's profile visibility, unless a later setting is already known. */
    public void privacyChanged(UUID userId, ProfileVisibility visibility, Instant changedAt) {
        jdbc.update("""
                insert into people (user_id, visibility, privacy_changed_at) values (:user, :visibility, :at)
                on conflict (user_id) do update
                    set visibility = excluded.visibility, privacy_changed_at = excluded.privacy_changed_at
                where people.privacy_changed_at is null or people.privacy_changed_at <= excluded.privacy_changed_at
                """, new MapSqlParameterSource("user", userId).addValue("visibility", visibility.name())
                .addValue("at", utc(changedAt)));
    }

    /** A person exists with the default visibility unless they already have a setting. */
    public void personKnown(UUID userId) {
        jdbc.update("insert into people (user_id) values (:user) on conflict do nothing",
                new MapSqlParameterSource("user", userId));
    }

    public void blocked(UUID blocker, UUID blocked) {
        jdbc.update("insert into blocks (blocker_id, blocked_id) values (:blocker, :blocked) on conflict do nothing",
                new MapSqlParameterSource("blocker", blocker).addValue("blocked", blocked));
    }

    public void unblocked(UUID blocker, UUID blocked) {
        jdbc.update("delete from blocks where blocker_id = :blocker and blocked_id = :blocked",
                new MapSqlParameterSource("blocker", blocker).addValue("blocked", blocked));
    }

    private static MapSqlParameterSource membership(String contextKind, UUID contextId, UUID userId) {
        return new MapSqlParameterSource("kind", contextKind).addValue("context", contextId).addValue("user", userId);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
