package dev.cohort.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list and the token of the next one (empty on the last page). Search and notification still carry
 * their own copies of this record from before it was here; new lists use this one.
 */
public record Page<T>(List<T> items, String nextPageToken) {

    public Page {
        items = List.copyOf(items);
    }

    /** This page with each item turned into another. */
    public <R> Page<R> map(Function<T, R> mapping) {
        return new Page<>(items.stream().map(mapping).toList(), nextPageToken);
    }

    /**
     * The page from {@code rows} fetched with one row more than {@code size}: that extra row only tells that a
     * next page exists, which then starts after the last row kept ({@code tokenAfter} makes its token).
     */
    public static <T> Page<T> of(List<T> rows, int size, Function<T, String> tokenAfter) {
        if (rows.size() <= size) {
            return new Page<>(rows, "");
        }
        List<T> kept = rows.subList(0, size);
        return new Page<>(kept, tokenAfter.apply(kept.get(size - 1)));
    }
}
