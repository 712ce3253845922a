package dev.cohort.bench.search;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The latencies of one search pass's calls by kind of query ({@link Queries.Kind}), to see which kinds form the
 * tail: each kind's own percentiles, and how many of the pass's calls over the target were of that kind.
 */
final class LatenciesByKind {

    private final Map<Queries.Kind, long[]> nanos = new EnumMap<>(Queries.Kind.class);
    private final Map<Queries.Kind, Integer> counts = new EnumMap<>(Queries.Kind.class);

    synchronized void add(Queries.Kind kind, long elapsedNanos) {
        long[] kept = nanos.computeIfAbsent(kind, k -> new long[256]);
        int count = counts.getOrDefault(kind, 0);
        if (count == kept.length) {
            kept = Arrays.copyOf(kept, count * 2);
            nanos.put(kind, kept);
        }
        kept[count] = elapsedNanos;
        counts.put(kind, count + 1);
    }

    /** The calls of {@code kind}, in nanoseconds, sorted. */
    synchronized long[] sorted(Queries.Kind kind) {
        long[] kept = Arrays.copyOf(nanos.getOrDefault(kind, new long[0]), counts.getOrDefault(kind, 0));
        Arrays.sort(kept);
        return kept;
    }

    /** How many calls of {@code kind} the pass made. */
    int calls(Queries.Kind kind) {
        return sorted(kind).length;
    }

    /** The {@code percentile} (0-100) latency of the calls of {@code kind} in milliseconds, nearest rank. */
    double percentileMillis(Queries.Kind kind, double percentile) {
        long[] sorted = sorted(kind);
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** How many calls of {@code kind} took longer than {@code millis}. */
    int over(Queries.Kind kind, double millis) {
        long limit = (long) (millis * 1e6);
        return (int) Arrays.stream(sorted(kind)).filter(n -> n > limit).count();
    }
}
