package dev.cohort.paging;

import dev.cohort.grpc.common.errors.InvalidArgumentException;

/**
 * The page size rule of every list (Google AIP-158): 0 means the list's default, a size above the maximum is
 * served as the maximum, and a negative size is an invalid argument.
 *
 * @param defaultSize the size of a page when the request leaves {@code page_size} at 0
 * @param max         the largest page the list serves
 */
public record PageSize(int defaultSize, int max) {

    public static final String INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE";

    public PageSize {
        if (defaultSize < 1 || max < defaultSize) {
            throw new IllegalArgumentException("need 1 <= default <= max, not " + defaultSize + " and " + max);
        }
    }

    /** The number of items to serve for a request's {@code page_size}. */
    public int resolve(int requested) {
        if (requested < 0) {
            throw InvalidArgumentException.of(INVALID_PAGE_SIZE, "page_size", "must not be negative");
        }
        return requested == 0 ? defaultSize : Math.min(requested, max);
    }
}
