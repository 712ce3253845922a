package dev.cohort.search.store;

import dev.cohort.search.domain.Kind;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The staging side of Reindex: a kind's documents are rebuilt in {@code documents_rebuild} while the live index
 * keeps answering, then replace the live ones of that kind in one transaction ({@link #swap}).
 */
public class IndexRebuild {

    private static final String COLUMNS = "kind, id, language, title, body, conversation_id, sequence, author_id, "
            + "posted_at, changed_at";

    private final JdbcTemplate jdbc;

    public IndexRebuild(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Empties the staging documents of {@code kind} (what a failed earlier rebuild left behind). */
    public void clear(Kind kind) {
        jdbc.update("delete from documents_rebuild where kind = ?", kind.name());
    }

    /**
     * Blocks the live consumers' writes to the index until the calling transaction ends; searches (plain reads)
     * go on. Held only for the last catch-up and the swap.
     */
    public void holdLiveWrites() {
        jdbc.execute("lock table documents in exclusive mode");
    }

    /** Replaces the live documents of {@code kind} with the rebuilt ones; returns how many there are now. */
    public int swap(Kind kind) {
        jdbc.update("delete from documents where kind = ?", kind.name());
        int swapped = jdbc.update("insert into documents (" + COLUMNS + ") select " + COLUMNS
                + " from documents_rebuild where kind = ?", kind.name());
        clear(kind);
        return swapped;
    }

    /** How many documents of {@code kind} the rebuild holds so far. */
    public long staged(Kind kind) {
        Long count = jdbc.queryForObject("select count(*) from documents_rebuild where kind = ?", Long.class,
                kind.name());
        return count == null ? 0 : count;
    }
}
