package dev.cohort.chat.app;

import java.util.List;

/** One page of a list and the token of the next ({@code ""} when this is the last). */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }
}
