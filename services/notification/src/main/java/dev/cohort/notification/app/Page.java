package dev.cohort.notification.app;

import java.util.List;

/** One page of a list and the token of the next one (empty at the end). */
public record Page<T>(List<T> items, String nextPageToken) {
}
