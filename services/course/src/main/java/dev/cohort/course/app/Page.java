package dev.cohort.course.app;

import java.util.List;
import java.util.function.Function;

/** One page of a list, and the token for the next one (empty on the last page). */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(items);
    }

    /** The same page with each item turned into {@code view(item)}. */
    <R> Page<R> map(Function<T, R> view) {
        return new Page<>(items.stream().map(view).toList(), nextPageToken);
    }
}
