package dev.cohort.group.app;

import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import java.time.Instant;
import java.util.UUID;

/**
 * How every group list pages: keyset by (time, id), 20 items by default and 100 at most, tokens from the
 * platform's codec bound to the list, its filters and the caller.
 */
final class Paging {

    static final PageSize SIZE = new PageSize(20, 100);
    /** Where the first page starts: before any row (rows are all created after the epoch). */
    private static final TimeAndId START = new TimeAndId(Instant.EPOCH, new UUID(0, 0));

    private final PageTokenCodec tokens;

    Paging(PageTokenCodec tokens) {
        this.tokens = tokens;
    }

    /** The position a request's token stands for; the start of the list for the empty token. */
    TimeAndId from(PageQuery query, String pageToken) {
        return tokens.decode(query, TimeAndId.FORMAT, pageToken).orElse(START);
    }

    /** The token of the page after {@code position}. */
    String after(PageQuery query, Instant at, UUID id) {
        return tokens.encode(query, TimeAndId.FORMAT, new TimeAndId(at, id));
    }
}
