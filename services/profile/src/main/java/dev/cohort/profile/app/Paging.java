package dev.cohort.profile.app;

import dev.cohort.paging.CursorBytes;
import dev.cohort.paging.CursorFormat;
import dev.cohort.paging.PageSize;
import java.util.UUID;

/**
 * How profile's lists page (ADR 0019): tokens from the platform's codec, bound to the list, its parameters and
 * the caller; 20 items by default, 100 at most. Follow and block lists are newest first, keyset on (time, id)
 * ({@link dev.cohort.paging.TimeAndId}); search pages on (score, id) ({@link #SEARCH}).
 */
final class Paging {

    static final PageSize SIZE = new PageSize(20, 100);

    /** Where a search page stops: the score and user id of its last person. */
    record SearchPosition(double score, UUID userId) {
    }

    static final CursorFormat<SearchPosition> SEARCH = new CursorFormat<>() {
        @Override
        public void write(SearchPosition cursor, CursorBytes.Writer out) {
            out.putDouble(cursor.score()).putUuid(cursor.userId());
        }

        @Override
        public SearchPosition read(CursorBytes.Reader in) {
            return new SearchPosition(in.getDouble(), in.getUuid());
        }
    };

    private Paging() {
    }
}
