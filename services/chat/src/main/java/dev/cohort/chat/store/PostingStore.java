package dev.cohort.chat.store;

import static dev.cohort.chat.store.Sql.time;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The message writer's hot path in as few round trips as PostgreSQL allows: one statement locks the batch's
 * conversations, one query reads what the batch checks (members where the writer's copy is stale, earlier sends
 * with the same idempotency keys) and one statement writes what it posts (messages, reply counts, the
 * conversations' newest sequences). On a loaded machine every round trip costs a wake-up of the database and of
 * the writer, so a batch's time, and with it send latency, follows the number of statements more than the number
 * of rows (ADR 0015). All must run inside the caller's transaction, the reads and writes after the lock.
 */
public class PostingStore {

    private final JdbcTemplate jdbc;

    public PostingStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A conversation row locked for posting, with the version of its member set (moved by every change of it). */
    public record LockedConversation(ConversationRow conversation, long membersVersion) {
    }

    /**
     * What a batch checks its sends against, per conversation: the member ids ({@code null} where they were not
     * asked for), and the messages already stored under the batch's idempotency keys.
     */
    public record PostingState(List<UUID> memberIds, List<UUID> earlierMessageIds) {
    }

    /** The rows, locked in id order (a fixed order, so two batches never deadlock on each other). */
    public List<LockedConversation> lock(Collection<UUID> conversationIds) {
        return jdbc.query("select " + ConversationStore.COLUMNS + ", members_version from conversations "
                        + "where id = any(?) order by id for update",
                (row, n) -> new LockedConversation(ConversationStore.CONVERSATION.mapRow(row, n),
                        row.getLong("members_version")),
                (Object) conversationIds.toArray(UUID[]::new));
    }

    /**
     * For each conversation: its member ids if it is one of {@code readMembersOf}, and the ids of the messages
     * already stored under any of {@code keys} (retries of earlier sends). Read after the lock, so it sees every
     * change committed before the batch took it.
     */
    public Map<UUID, PostingState> stateOf(Collection<UUID> conversationIds, Collection<UUID> readMembersOf,
                                           Collection<MessageStore.ClientKey> keys) {
        Map<UUID, PostingState> states = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return states;
        }
        UUID[] keyConversations = keys.stream().map(MessageStore.ClientKey::conversationId).toArray(UUID[]::new);
        UUID[] keyAuthors = keys.stream().map(MessageStore.ClientKey::authorId).toArray(UUID[]::new);
        String[] keyClientIds = keys.stream().map(MessageStore.ClientKey::clientMessageId).toArray(String[]::new);
        jdbc.query("select c.id, case when c.id = any(?::uuid[]) then "
                        + "array(select m.user_id from members m where m.conversation_id = c.id)"
                        + " end as member_ids, "
                        + "array(select msg.id from unnest(?::uuid[], ?::uuid[], ?::varchar[]) "
                        + "as k(conversation_id, author_id, client_message_id) join messages msg "
                        + "on msg.conversation_id = k.conversation_id and msg.author_id = k.author_id "
                        + "and msg.client_message_id = k.client_message_id where k.conversation_id = c.id)"
                        + " as earlier_ids "
                        + "from unnest(?::uuid[]) as c(id)",
                (ResultSet row) -> {
                    states.put(row.getObject("id", UUID.class),
                            new PostingState(uuidsOrNull(row.getArray("member_ids")),
                                    uuids(row.getArray("earlier_ids"))));
                },
                readMembersOf.toArray(UUID[]::new), keyConversations, keyAuthors, keyClientIds,
                conversationIds.toArray(UUID[]::new));
        return states;
    }

    /**
     * Inserts the messages (all created {@code at}), adds the replies to their thread roots and records each
     * conversation's newest sequence and when it was posted, in one statement. A message whose idempotency key
     * (conversation, author, client message id) is already stored is not inserted (the rest are, and the
     * statement's other changes are made all the same): the count tells the caller, who must then roll back.
     *
     * @return how many of {@code rows} were inserted
     */
    public int post(List<MessageRow> rows, Map<UUID, Integer> repliesByRoot, Map<UUID, Long> lastSequences,
                    Instant at) {
        if (rows.isEmpty()) {
            return 0;
        }
        MessageArrays m = new MessageArrays(rows);
        List<UUID> replied = new ArrayList<>(repliesByRoot.keySet());
        Integer[] replyCounts = replied.stream().map(repliesByRoot::get).toArray(Integer[]::new);
        List<UUID> advanced = new ArrayList<>(lastSequences.keySet());
        Long[] lasts = advanced.stream().map(lastSequences::get).toArray(Long[]::new);
        return jdbc.update("with advanced as (update conversations c set last_sequence = a.last_sequence, last_message_at = ? "
                        + "from unnest(?::uuid[], ?::bigint[]) as a(id, last_sequence) where c.id = a.id), "
                        + "replied as (update messages r set reply_count = r.reply_count + a.replies "
                        + "from unnest(?::uuid[], ?::int[]) as a(id, replies) where r.id = a.id) "
                        + "insert into messages (id, conversation_id, sequence, author_id, client_message_id, text, "
                        + "mentions, thread_root_id, reply_count, pinned, created_at) "
                        + "select id, conversation_id, sequence, author_id, client_message_id, text, mentions, "
                        + "thread_root_id, 0, false, ? from unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::uuid[], "
                        + "?::varchar[], ?::varchar[], ?::varchar[], ?::uuid[]) as m(id, conversation_id, sequence, "
                        + "author_id, client_message_id, text, mentions, thread_root_id) "
                        + "on conflict (conversation_id, author_id, client_message_id) do nothing",
                time(at), advanced.toArray(UUID[]::new), lasts, replied.toArray(UUID[]::new), replyCounts,
                time(at), m.ids, m.conversations, m.sequences, m.authors, m.clientIds, m.texts, m.mentions,
                m.roots);
    }

    /**
     * Inserts imported messages of one conversation, each with its own original time and the admin who imported it,
     * adds the replies to their thread roots and advances the conversation to {@code lastSequence}, last active
     * at the newest imported time (never earlier than it was).
     */
    public void postImported(UUID conversationId, List<MessageRow> rows, Map<UUID, Integer> repliesByRoot,
                             long lastSequence) {
        if (rows.isEmpty()) {
            return;
        }
        MessageArrays m = new MessageArrays(rows);
        List<UUID> replied = new ArrayList<>(repliesByRoot.keySet());
        Integer[] replyCounts = replied.stream().map(repliesByRoot::get).toArray(Integer[]::new);
        jdbc.update("insert into messages (id, conversation_id, sequence, author_id, client_message_id, text, "
                        + "mentions, thread_root_id, reply_count, pinned, created_at, imported_by) "
                        + "select id, ?, sequence, author_id, client_message_id, text, mentions, thread_root_id, 0, "
                        + "false, created_at, imported_by from unnest(?::uuid[], ?::bigint[], ?::uuid[], "
                        + "?::varchar[], ?::varchar[], ?::varchar[], ?::uuid[], ?::varchar[]::timestamptz[], ?::uuid[]) "
                        + "as m(id, sequence, author_id, client_message_id, text, mentions, thread_root_id, "
                        + "created_at, imported_by)",
                conversationId, m.ids, m.sequences, m.authors, m.clientIds, m.texts, m.mentions, m.roots,
                rows.stream().map(row -> row.createdAt().toString()).toArray(String[]::new),
                rows.stream().map(MessageRow::importedBy).toArray(UUID[]::new));
        jdbc.update("update messages r set reply_count = r.reply_count + a.replies "
                        + "from unnest(?::uuid[], ?::int[]) as a(id, replies) where r.id = a.id",
                replied.toArray(UUID[]::new), replyCounts);
        jdbc.update("update conversations set last_sequence = ?, "
                        + "last_message_at = greatest(coalesce(last_message_at, ?), ?) where id = ?",
                lastSequence, time(rows.get(rows.size() - 1).createdAt()), time(rows.get(rows.size() - 1).createdAt()),
                conversationId);
    }

    /** The rows' columns as arrays, one per column, for {@code unnest} in a single statement. */
    private static final class MessageArrays {
        final UUID[] ids;
        final UUID[] conversations;
        final Long[] sequences;
        final UUID[] authors;
        final String[] clientIds;
        final String[] texts;
        final String[] mentions;
        final UUID[] roots;

        MessageArrays(List<MessageRow> rows) {
            int size = rows.size();
            ids = new UUID[size];
            conversations = new UUID[size];
            sequences = new Long[size];
            authors = new UUID[size];
            clientIds = new String[size];
            texts = new String[size];
            mentions = new String[size];
            roots = new UUID[size];
            for (int i = 0; i < size; i++) {
                MessageRow row = rows.get(i);
                ids[i] = row.id();
                conversations[i] = row.conversationId();
                sequences[i] = row.sequence();
                authors[i] = row.authorId();
                clientIds[i] = row.clientMessageId();
                texts[i] = row.text();
                mentions[i] = MentionCodec.encode(row.mentions());
                roots[i] = row.threadRootId();
            }
        }
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        List<UUID> ids = uuidsOrNull(array);
        return ids == null ? List.of() : ids;
    }

    private static List<UUID> uuidsOrNull(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            return Arrays.asList((UUID[]) array.getArray());
        } finally {
            array.free();
        }
    }
}
