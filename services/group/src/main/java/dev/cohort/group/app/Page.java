package dev.cohort.group.app;

import dev.cohort.group.domain.Cursor;
import java.util.List;
import java.util.function.Function;

/** One page of a list and where the next one starts (null on the last page). */
public record Page<T>(List<T> items, Cursor next) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page from {@code rows} fetched with one row more than {@code size}: that extra row only tells that a
     * next page exists, which then starts after the last row kept.
     */
    static <T> Page<T> of(List<T> rows, int size, Function<T, Cursor> position) {
        if (rows.size() <= size) {
            return new Page<>(rows, null);
        }
        List<T> kept = rows.subList(0, size);
        return new Page<>(kept, position.apply(kept.get(size - 1)));
    }
}
