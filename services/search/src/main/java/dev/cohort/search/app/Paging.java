package dev.cohort.search.app;

import dev.cohort.paging.CursorBytes;
import dev.cohort.paging.CursorFormat;
import dev.cohort.paging.PageSize;
import dev.cohort.search.domain.Kind;
import java.time.Instant;
import java.util.UUID;

/**
 * How search pages (ADR 0019): tokens from the platform's codec, bound to the query text, every filter and the
 * caller; 20 results by default, 50 at most. Keyset on (score, kind, id); the token also carries the instant the
 * first page was ranked at, so that messages' recency weighs the same on every page of one search.
 */
final class Paging {

    static final PageSize SIZE = new PageSize(20, 50);

    /** Where a page stops: the instant of ranking and the sort key of its last result. */
    record Position(Instant asOf, double score, Kind kind, UUID id) {
    }

    static final CursorFormat<Position> FORMAT = new CursorFormat<>() {
        @Override
        public void write(Position cursor, CursorBytes.Writer out) {
            out.putInstant(cursor.asOf()).putDouble(cursor.score()).putLong(cursor.kind().ordinal())
                    .putUuid(cursor.id());
        }

        @Override
        public Position read(CursorBytes.Reader in) {
            return new Position(in.getInstant(), in.getDouble(), Kind.values()[(int) in.getLong()], in.getUuid());
        }
    };

    private Paging() {
    }
}
