package dev.cohort.profile.app;

import dev.cohort.paging.CursorBytes;
import dev.cohort.paging.CursorFormat;
import dev.cohort.paging.PageSize;
import dev.cohort.profile.store.SearchRank;

/**
 * How profile's lists page (ADR 0019): tokens from the platform's codec, bound to the list, its parameters and
 * the caller; 20 items by default, 100 at most. Follow and block lists are newest first, keyset on (time, id)
 * ({@link dev.cohort.paging.TimeAndId}); search pages on (tier, name, id) ({@link #SEARCH}, ADR 0070).
 */
final class Paging {

    static final PageSize SIZE = new PageSize(20, 100);

    /** Where a search page stops: the rank of its last person. */
    static final CursorFormat<SearchRank> SEARCH = new CursorFormat<>() {
        @Override
        public void write(SearchRank cursor, CursorBytes.Writer out) {
            out.putLong(cursor.tier()).putString(cursor.nameKey()).putUuid(cursor.userId());
        }

        @Override
        public SearchRank read(CursorBytes.Reader in) {
            return new SearchRank((int) in.getLong(), in.getString(), in.getUuid());
        }
    };

    private Paging() {
    }
}
