package dev.cohort.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list and the page token of the next one (empty on the last page): what a use case returns for a
 * paged read, before the API layer maps its items.
 */
public record Page<T>(List<T> items, String nextPageToken) {

    public Page {
        items = List.copyOf(items);
        nextPageToken = nextPageToken == null ? "" : nextPageToken;
    }

    /** The page from {@code rows} fetched with one row more than {@code size}: that extra row only tells that a
     * next page exists, which then starts after the last row kept ({@code tokenAfter} of it). */
    public static <T> Page<T> of(List<T> rows, int size, Function<T, String> tokenAfter) {
        if (rows.size() <= size) {
            return new Page<>(rows, "");
        }
        List<T> kept = rows.subList(0, size);
        return new Page<>(kept, tokenAfter.apply(kept.get(size - 1)));
    }

    /** This page with each item turned into another; the token stays. */
    public <R> Page<R> map(Function<T, R> mapping) {
        return new Page<>(items.stream().map(mapping).toList(), nextPageToken);
    }

    /** Whether a next page exists. */
    public boolean hasNext() {
        return !nextPageToken.isEmpty();
    }
}
