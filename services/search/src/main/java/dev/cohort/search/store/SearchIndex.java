package dev.cohort.search.store;

import dev.cohort.search.domain.Kind;
import dev.cohort.search.domain.MarkedText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Searches the index in one SQL statement: matching, visibility, filters, ranking, keyset paging and snippets.
 *
 * <p>Matching: the query's words in any form (websearch syntax: "phrases", -not, or) under every text search
 * configuration the index uses, so a stemmed message and an unstemmed name both match; a typed word that is no
 * known lexeme in any of them also matches the known lexemes within one edit of it (SQL function
 * {@code corrected}, V3: a dropped, added, changed or swapped letter), so misspellings find, and highlight, the
 * words meant. Where configurations parse the query alike, its part is OR-ed once ({@code or_distinct}, V5): the
 * GIN scan reads the entries of each part, repeated or not (ADR 0074). Messages come from the GIN index on (conversation, words), only the caller's conversations'.
 *
 * <p>Ranking: cover density of the words, plus twice that of the exact phrase; messages then weighed by age (a
 * message {@code recencyHalfLife} old counts three quarters as much as a new one, a very old one half). Snippets
 * ({@code ts_headline}) are made for the page's rows only, after the limit.
 *
 * <p>Visibility is part of the WHERE clause, so a hidden document is never a row, a snippet or a page position:
 * a message only for current members of its conversation; a person only when neither blocked the other, never
 * the caller, and as their privacy says (everyone; classmates: sharing a conversation or a section; nobody).
 */
public class SearchIndex {

    private static final String HEADLINE_OPTIONS = "StartSel=" + MarkedText.START + ", StopSel=" + MarkedText.STOP
            + ", MaxWords=35, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=\" … \"";

    private final NamedParameterJdbcTemplate jdbc;
    private final List<String> languages;
    private final Duration recencyHalfLife;

    /**
     * @param languages       every text search configuration documents are indexed with (the query is parsed
     *                        under each)
     * @param recencyHalfLife the age at which a message's score is weighed at three quarters
     */
    public SearchIndex(NamedParameterJdbcTemplate jdbc, Set<String> languages, Duration recencyHalfLife) {
        this.jdbc = jdbc;
        this.languages = List.copyOf(new LinkedHashSet<>(languages));
        this.recencyHalfLife = recencyHalfLife;
    }

    /** The same index, configured alike, read through {@code other} (benchmarks' limits, EXPLAIN). */
    public SearchIndex on(NamedParameterJdbcTemplate other) {
        return new SearchIndex(other, new LinkedHashSet<>(languages), recencyHalfLife);
    }

    public List<IndexHit> search(SearchCriteria criteria) {
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("caller", criteria.caller())
                .addValue("text", criteria.text())
                .addValue("languages", String.join(",", languages))
                .addValue("asOf", utc(criteria.asOf()))
                .addValue("halfLife", (double) recencyHalfLife.toSeconds())
                .addValue("headline", HEADLINE_OPTIONS)
                .addValue("limit", criteria.limit());
        String filters = filters(criteria, parameters);
        List<String> parts = new ArrayList<>();
        if (criteria.kinds().contains(Kind.MESSAGE)) {
            parts.add(MESSAGES + filters);
        }
        if (criteria.kinds().contains(Kind.COURSE)) {
            parts.add(COURSES + filters);
        }
        if (criteria.kinds().contains(Kind.PERSON)) {
            parts.add(PEOPLE + filters);
        }
        String sql = """
                with q as materialized (select corrected(cast(string_to_array(:languages, ',') as regconfig[]), :text)
                                               as words,
                                               or_distinct(array(select phraseto_tsquery(c, :text) from unnest(cast(
                                                   string_to_array(:languages, ',') as regconfig[])) c)) as phrase),
                mine as materialized (select coalesce(array_agg(context_id), '{}') as conversations
                                      from memberships where context_kind = 'CONVERSATION' and user_id = :caller)
                select kind, id, title, score, conversation_id, sequence, author_id, posted_at,
                       ts_headline(language, case when body = '' then title else body end, words,
                                   :headline) as headline
                from (
                    select d.kind, d.id, d.title, d.body, d.language, d.conversation_id, d.sequence, d.author_id,
                           d.posted_at, q.words,
                           ((ts_rank_cd(d.search_vector, q.words) + 2 * ts_rank_cd(d.search_vector, q.phrase))::float8
                            * case when d.kind = 'MESSAGE'
                                   then 0.5 + 0.5 / (1 + greatest(extract(epoch from (:asOf - d.posted_at))::float8, 0)
                                                         / :halfLife)
                                   else 1 end) as score
                    from (%s) d cross join q
                ) hit
                %s
                order by score desc, kind, id
                limit :limit
                """.formatted(String.join("\n union all\n", parts), keyset(criteria, parameters));
        return jdbc.query(sql, parameters, SearchIndex::hit);
    }

    /**
     * Messages of the caller's conversations that hold the words: the GIN index on (conversation, words) reads only
     * those entries, conversation by conversation, never the messages of others (ADR 0065).
     */
    private static final String MESSAGES = """
            select d.* from documents d, mine, q
            where d.kind = 'MESSAGE' and d.conversation_id = any(mine.conversations) and d.search_vector @@ q.words""";

    private static final String COURSES = """
            select d.* from documents d, q
            where d.kind = 'COURSE' and d.search_vector @@ q.words""";

    /** People as their privacy and blocks allow, never the caller. */
    private static final String PEOPLE = """
            select d.* from documents d, q
            where d.kind = 'PERSON' and d.search_vector @@ q.words and d.id <> :caller
              and not exists (
                  select 1 from blocks b
                  where (b.blocker_id = :caller and b.blocked_id = d.id)
                     or (b.blocker_id = d.id and b.blocked_id = :caller))
              and exists (
                  select 1 from people p
                  where p.user_id = d.id
                    and (p.visibility = 'EVERYONE'
                         or (p.visibility = 'CLASSMATES' and exists (
                             select 1 from memberships mine
                             join memberships theirs on theirs.context_kind = mine.context_kind
                                                    and theirs.context_id = mine.context_id
                             where mine.user_id = :caller and theirs.user_id = d.id))))""";

    private static String filters(SearchCriteria criteria, MapSqlParameterSource parameters) {
        StringBuilder sql = new StringBuilder();
        var filters = criteria.filters();
        if (filters.conversation() != null) {
            sql.append(" and d.conversation_id = :conversation");
            parameters.addValue("conversation", filters.conversation());
        }
        if (filters.author() != null) {
            sql.append(" and d.author_id = :author");
            parameters.addValue("author", filters.author());
        }
        if (filters.postedAfter() != null) {
            sql.append(" and d.posted_at >= :postedAfter");
            parameters.addValue("postedAfter", utc(filters.postedAfter()));
        }
        if (filters.postedBefore() != null) {
            sql.append(" and d.posted_at < :postedBefore");
            parameters.addValue("postedBefore", utc(filters.postedBefore()));
        }
        if (filters.course() != null) {
            sql.append(" and d.id = :course");
            parameters.addValue("course", filters.course());
        }
        return sql.toString();
    }

    private static String keyset(SearchCriteria criteria, MapSqlParameterSource parameters) {
        if (criteria.after() == null) {
            return "";
        }
        parameters.addValue("afterScore", criteria.after().score())
                .addValue("afterKind", criteria.after().kind().name())
                .addValue("afterId", criteria.after().id());
        return "where score < :afterScore or (score = :afterScore and (kind, id) > (:afterKind, :afterId))";
    }

    private static IndexHit hit(ResultSet row, int number) throws SQLException {
        Timestamp posted = row.getTimestamp("posted_at");
        long sequence = row.getLong("sequence");
        boolean message = !row.wasNull();
        return new IndexHit(Kind.valueOf(row.getString("kind")), row.getObject("id", UUID.class),
                row.getString("title"), row.getString("headline"), row.getDouble("score"),
                row.getObject("conversation_id", UUID.class), message ? sequence : null,
                row.getObject("author_id", UUID.class), posted.toInstant());
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
