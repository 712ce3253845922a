package dev.cohort.profile.app;

import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.profile.domain.SearchTerms;
import dev.cohort.profile.store.ProfileReads;
import dev.cohort.profile.store.SearchHit;
import dev.cohort.profile.store.SearchRank;
import java.util.List;
import java.util.UUID;

/**
 * Finding people as one types: names and programs by word prefix (misspelled words corrected to known ones),
 * classmates first, then names starting with what was typed, only profiles the caller may see (privacy and blocks,
 * in the query itself), never the caller (ADR 0070).
 */
public class PeopleSearch {

    private final ProfileReads reads;
    private final PageTokenCodec pageTokens;
    private final ProfileViews views;

    public PeopleSearch(ProfileReads reads, PageTokenCodec pageTokens, ProfileViews views) {
        this.reads = reads;
        this.pageTokens = pageTokens;
        this.views = views;
    }

    /**
     * A page of the people matching {@code typed}, best first; tokens are bound to the query and the caller. One
     * statement, so no transaction of its own (ADR 0038).
     */
    public Page<ProfileView> search(UUID caller, String typed, String pageToken, int pageSize) {
        SearchTerms terms = SearchTerms.parse(typed);
        PageQuery query = PageQuery.of("profile.search", caller).with("query", terms.text());
        SearchRank after = pageTokens.decode(query, Paging.SEARCH, pageToken).orElse(null);
        int size = Paging.SIZE.resolve(pageSize);
        if (terms.isEmpty()) {
            return new Page<>(List.of(), "");
        }
        List<SearchHit> hits = reads.search(caller, terms, after, size + 1);
        return Page.of(hits, size, last -> pageTokens.encode(query, Paging.SEARCH, last.rank()))
                .map(hit -> views.of(hit.profile(), caller));
    }
}
