package dev.cohort.course.store;

import dev.cohort.course.domain.SearchFilters;
import dev.cohort.course.domain.SearchQuery;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Course search in PostgreSQL. A course matches when its text matches any typed word as a prefix (full-text
 * search), when its code starts with what was typed, or when its code or title is similar to it (trigrams, for
 * typos and missing spaces). The score adds, in falling weight: exact code, code prefix, all words matched,
 * full-text rank (code &gt; title &gt; description), and trigram similarity. Ties fall back to the code, so the
 * order is total and keyset paging on (score, code) is exact.
 */
public class CourseSearch {

    /** How much a title must resemble the query, word by word, to match on resemblance alone. */
    static final double TITLE_SIMILARITY = 0.5;
    /** How much a code must resemble the query (written without spaces) to match on resemblance alone. */
    static final double CODE_SIMILARITY = 0.45;

    private static final String SCORE = """
            (case when c.compact_code = :compact then 100 else 0 end
             + case when length(:compact) >= 3 and c.compact_code like :compactPrefix then 20 else 0 end
             + case when c.search_vector @@ q.all_words then 10 else 0 end
             + 10 * ts_rank(c.search_vector, q.any_word, 32)
             + 5 * word_similarity(:text, lower(c.title))
             + 5 * similarity(c.compact_code, :compact))::float8""";

    private static final String MATCH = """
            (c.search_vector @@ q.any_word
             or (length(:compact) >= 3 and c.compact_code like :compactPrefix)
             or word_similarity(:text, lower(c.title)) >= :titleSimilarity
             or similarity(c.compact_code, :compact) >= :codeSimilarity)""";

    /** A course and how well it matched. */
    public record Hit(CourseEntity course, double score) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public CourseSearch(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} courses after the keyset position ({@code afterScore}, {@code afterCode}), best first;
     * {@code afterCode} null for the first page.
     */
    public List<Hit> search(SearchQuery query, SearchFilters filters, double afterScore, String afterCode, int limit) {
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("limit", limit)
                .addValue("titleSimilarity", TITLE_SIMILARITY)
                .addValue("codeSimilarity", CODE_SIMILARITY);
        StringBuilder sql = new StringBuilder("select * from (select c.id, c.code, c.department, c.department_name, "
                + "c.title, c.description, c.credits, ");
        if (query.isEmpty()) {
            sql.append("0::float8 as score from courses c where true");
        } else {
            // The tsqueries are parsed once per search, not once per row (as they could be in a generic plan).
            sql.append(SCORE).append(" as score from courses c, (select to_tsquery('english', :allWords) as all_words,"
                    + " to_tsquery('english', :anyWord) as any_word) q where ").append(MATCH);
            parameters.addValue("compact", query.compact())
                    .addValue("compactPrefix", likePrefix(query.compact()))
                    .addValue("allWords", query.allWordsQuery())
                    .addValue("anyWord", query.anyWordQuery())
                    .addValue("text", query.text());
        }
        if (filters.department() != null) {
            sql.append(" and c.department = :department");
            parameters.addValue("department", filters.department());
        }
        if (filters.termId() != null || filters.openSeatsOnly()) {
            sql.append(" and exists (select 1 from sections s join terms t on t.id = s.term_id where s.course_id = c.id");
            if (filters.termId() != null) {
                sql.append(" and s.term_id = :termId");
                parameters.addValue("termId", filters.termId());
            }
            if (filters.openSeatsOnly()) {
                sql.append(" and t.state = 'OPEN' and s.enrolled_count < s.capacity");
            }
            sql.append(')');
        }
        sql.append(") ranked");
        if (afterCode != null) {
            sql.append(" where score < :afterScore or (score = :afterScore and code > :afterCode)");
            parameters.addValue("afterScore", afterScore).addValue("afterCode", afterCode);
        }
        sql.append(" order by score desc, code limit :limit");
        return jdbc.query(sql.toString(), parameters, (row, number) -> new Hit(new CourseEntity(
                row.getObject("id", UUID.class), row.getString("code"), row.getString("department"),
                row.getString("department_name"), row.getString("title"), row.getString("description"),
                row.getInt("credits")), row.getDouble("score")));
    }

    /** {@code cpsc3} becomes {@code cpsc3%}; LIKE's own wildcards cannot occur (the query keeps letters and digits). */
    private static String likePrefix(String compact) {
        return compact + "%";
    }
}
