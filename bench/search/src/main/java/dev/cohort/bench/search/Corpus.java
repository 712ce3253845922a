package dev.cohort.bench.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The indexed corpus: {@code users} people in {@code conversations} conversations of
 * {@value BenchSettings#MEMBERS_PER_CONVERSATION} members each, and {@code messages} messages of 6-24 words
 * ({@link Vocabulary}) spread evenly over the conversations and over the last year, each by a member.
 *
 * <p>Loading is setup, not measured: the rows go straight into search's own tables with {@code COPY}, with the
 * secondary indexes of {@code documents} dropped first and created again afterwards from their own definitions
 * ({@code pg_get_indexdef}, read before dropping them), which builds each in one sort instead of a million inserts.
 * The index lag is measured separately, through the real consumer.
 */
final class Corpus {

    /** The text search configuration the loaded messages are indexed with (the service's text language). */
    static final String LANGUAGE = "english";

    final Vocabulary vocabulary = Vocabulary.of(20_000);
    final UUID[] users;
    final UUID[] conversations;
    final int[][] members;
    /** The conversations each user is in. */
    final int[][] conversationsOf;
    /** The next sequence number of each conversation. */
    final long[] nextSequence;
    final long messages;

    private Corpus(UUID[] users, UUID[] conversations, int[][] members, long messages) {
        this.users = users;
        this.conversations = conversations;
        this.members = members;
        this.messages = messages;
        this.nextSequence = new long[conversations.length];
        List<List<Integer>> of = new ArrayList<>();
        for (int u = 0; u < users.length; u++) {
            of.add(new ArrayList<>());
        }
        for (int c = 0; c < conversations.length; c++) {
            for (int member : members[c]) {
                of.get(member).add(c);
            }
        }
        this.conversationsOf = of.stream().map(list -> list.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    static Corpus load(Connection connection, BenchSettings settings, long seed, Consumer<String> progress)
            throws SQLException, IOException {
        SplittableRandom random = new SplittableRandom(seed);
        UUID[] users = uuids(settings.users(), random);
        UUID[] conversations = uuids(settings.conversations(), random);
        int[][] members = new int[conversations.length][];
        for (int c = 0; c < conversations.length; c++) {
            Set<Integer> chosen = new LinkedHashSet<>();
            while (chosen.size() < BenchSettings.MEMBERS_PER_CONVERSATION) {
                chosen.add(random.nextInt(users.length));
            }
            members[c] = chosen.stream().mapToInt(Integer::intValue).toArray();
        }
        Corpus corpus = new Corpus(users, conversations, members, settings.messages());
        connection.setAutoCommit(true);
        Map<String, String> indexes = secondaryIndexes(connection);
        try (Statement statement = connection.createStatement()) {
            for (String index : indexes.keySet()) {
                statement.execute("drop index " + index);
            }
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        CopyIn memberships = pg.getCopyAPI().copyIn(
                "copy memberships (context_kind, context_id, user_id) from stdin");
        for (int c = 0; c < conversations.length; c++) {
            for (int member : members[c]) {
                write(memberships, "CONVERSATION\t" + conversations[c] + "\t" + users[member] + "\n");
            }
        }
        memberships.endCopy();
        progress.accept(String.format("  %,d memberships copied; copying %,d messages...", conversations.length
                * BenchSettings.MEMBERS_PER_CONVERSATION, settings.messages()));
        long started = System.nanoTime();
        CopyIn documents = pg.getCopyAPI().copyIn("copy documents (kind, id, language, body, conversation_id, "
                + "sequence, author_id, posted_at, changed_at) from stdin");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long yearSeconds = Duration.ofDays(365).toSeconds();
        StringBuilder rows = new StringBuilder(1 << 20);
        for (long m = 0; m < settings.messages(); m++) {
            int c = random.nextInt(conversations.length);
            long sequence = ++corpus.nextSequence[c];
            UUID author = users[members[c][random.nextInt(members[c].length)]];
            // Later messages of a conversation are newer: posted at a moment of the last year in sequence order.
            Instant posted = now.minusSeconds(yearSeconds - Math.min(yearSeconds - 1,
                    sequence * yearSeconds / Math.max(1, settings.messages() / conversations.length + 1)));
            rows.append("MESSAGE\t").append(new UUID(random.nextLong(), random.nextLong())).append('\t')
                    .append(LANGUAGE).append('\t').append(corpus.vocabulary.sentence(random, 6, 24)).append('\t')
                    .append(conversations[c]).append('\t').append(sequence).append('\t').append(author).append('\t')
                    .append(posted).append('\t').append(posted).append('\n');
            if (rows.length() > (1 << 20) - 1024) {
                write(documents, rows.toString());
                rows.setLength(0);
            }
            if ((m + 1) % 200_000 == 0) {
                progress.accept(String.format("  %,d messages copied (%.0f s)", m + 1,
                        (System.nanoTime() - started) / 1e9));
            }
        }
        write(documents, rows.toString());
        documents.endCopy();
        progress.accept(String.format("  copied in %.0f s; creating %d indexes...", (System.nanoTime() - started) / 1e9,
                indexes.size()));
        try (Statement statement = connection.createStatement()) {
            statement.execute("set maintenance_work_mem = '256MB'");
            for (Map.Entry<String, String> index : indexes.entrySet()) {
                long indexStarted = System.nanoTime();
                statement.execute(index.getValue());
                progress.accept(String.format("  %s in %.0f s", index.getKey(), (System.nanoTime() - indexStarted)
                        / 1e9));
            }
            statement.execute("vacuum analyze documents");
            statement.execute("vacuum analyze memberships");
            // The vocabulary the load's trigger filled (autovacuum would analyze it later; the bench measures now).
            statement.execute("vacuum analyze lexemes");
            statement.execute("vacuum analyze lexeme_variants");
        }
        return corpus;
    }

    /** The definitions of {@code documents}' indexes other than its primary key, by name. */
    private static Map<String, String> secondaryIndexes(Connection connection) throws SQLException {
        Map<String, String> indexes = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("""
                     select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                     from pg_index i where i.indrelid = 'documents'::regclass and not i.indisprimary
                     order by 1""")) {
            while (rows.next()) {
                indexes.put(rows.getString(1), rows.getString(2));
            }
        }
        return indexes;
    }

    /** A member of a conversation the user {@code user} is in, or -1 when they are in none. */
    int someConversationOf(int user, SplittableRandom random) {
        int[] mine = conversationsOf[user];
        return mine.length == 0 ? -1 : mine[random.nextInt(mine.length)];
    }

    private static UUID[] uuids(int count, SplittableRandom random) {
        UUID[] ids = new UUID[count];
        for (int i = 0; i < count; i++) {
            ids[i] = new UUID(random.nextLong(), random.nextLong());
        }
        return ids;
    }

    private static void write(CopyIn copy, String rows) throws SQLException {
        byte[] bytes = rows.getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
    }
}
