package dev.cohort.search.store;

import dev.cohort.search.domain.Kind;
import dev.cohort.search.domain.SearchFilters;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * One page's worth of a search, as the index runs it.
 *
 * @param caller  who searches: decides what may be found
 * @param text    the query as typed
 * @param filters the filters
 * @param kinds   the kinds to search (non-empty)
 * @param asOf    the instant recency is measured from: the first page's, so that the scores of later pages
 *                stay comparable with the cursor
 * @param after   where the previous page stopped, or null for the first page
 * @param limit   how many rows to fetch
 */
public record SearchCriteria(UUID caller, String text, SearchFilters filters, Set<Kind> kinds, Instant asOf,
                             After after, int limit) {

    /** The sort key of the last result of the previous page: results come by score (descending), kind, id. */
    public record After(double score, Kind kind, UUID id) {
    }
}
