package dev.cohort.search.app;

import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.domain.MarkedText;
import dev.cohort.search.domain.SearchFilters;
import dev.cohort.search.store.IndexHit;
import dev.cohort.search.store.SearchCriteria;
import dev.cohort.search.store.SearchIndex;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The search box: a page of what the caller may see that matches, best first. */
public class Searching {

    /**
     * Timer of the index read alone (the one SQL statement, connection borrowing included), so that a call's time
     * can be split into its SQL and everything around it (transport, auth, validation, mapping).
     */
    public static final String INDEX_READ = "search.index.read";

    private final SearchIndex index;
    private final PageTokenCodec pageTokens;
    private final Clock clock;
    private final Timer indexRead;

    public Searching(SearchIndex index, PageTokenCodec pageTokens, Clock clock, MeterRegistry meters) {
        this.index = index;
        this.pageTokens = pageTokens;
        this.clock = clock;
        this.indexRead = Timer.builder(INDEX_READ).description("a search's index read (its one SQL statement)")
                .register(meters);
    }

    /**
     * A page of results for {@code text} under {@code filters}; the token of the next page is bound to the text,
     * every filter and the caller (a token of another search is INVALID_PAGE_TOKEN).
     */
    public Page<SearchResultView> search(UUID caller, String text, SearchFilters filters, String pageToken,
                                         int pageSize) {
        PageQuery query = PageQuery.of("search.search", caller).with("query", text)
                .with("kinds", filters.kinds().toString()).with("conversation", filters.conversation())
                .with("course", filters.course()).with("author", filters.author())
                .with("postedAfter", filters.postedAfter()).with("postedBefore", filters.postedBefore());
        Paging.Position after = pageTokens.decode(query, Paging.FORMAT, pageToken).orElse(null);
        int size = Paging.SIZE.resolve(pageSize);
        Set<Kind> kinds = filters.searchedKinds();
        if (kinds.isEmpty()) {
            return new Page<>(List.of(), "");
        }
        Instant asOf = after == null ? clock.instant() : after.asOf();
        SearchCriteria criteria = new SearchCriteria(caller, text, filters, kinds, asOf,
                after == null ? null : new SearchCriteria.After(after.score(), after.kind(), after.id()), size + 1);
        List<IndexHit> hits = indexRead.record(() -> index.search(criteria));
        return Page.of(hits, size, last -> pageTokens.encode(query, Paging.FORMAT,
                new Paging.Position(asOf, last.score(), last.kind(), last.id()))).map(Searching::view);
    }

    /** The timer of the index reads (for tests and diagnostics). */
    public Timer indexReadTimer() {
        return indexRead;
    }

    private static SearchResultView view(IndexHit hit) {
        SearchResultView.MessagePlace place = hit.kind() == Kind.MESSAGE
                ? new SearchResultView.MessagePlace(hit.conversationId(), hit.sequence(), hit.authorId(), hit.postedAt())
                : null;
        return new SearchResultView(hit.kind(), hit.id(), hit.title(), MarkedText.parse(hit.headline()), hit.score(),
                place);
    }
}
