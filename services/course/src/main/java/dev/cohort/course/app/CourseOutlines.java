package dev.cohort.course.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Course outlines (GetCourse's answer) kept in this replica for a short while (ADR 76). A catalog change made here
 * drops them all as soon as it is committed ({@link #catalogChanged()}); a change made by another replica is seen
 * here within {@code keepFor}. An outline read while a change was committed is not kept, so a read racing with a
 * change cannot outlive it.
 */
public final class CourseOutlines {

    static final int MAX_KEPT = 10_000;

    /** Null when outlines are not kept ({@code keepFor} zero). */
    private final Cache<UUID, CourseOutline> kept;
    /** Moves on every catalog change: an outline read before it moved may predate the change. */
    private final AtomicLong changes = new AtomicLong();

    public CourseOutlines(Duration keepFor) {
        this.kept = keepFor.isZero() ? null : Caffeine.newBuilder()
                .maximumSize(MAX_KEPT)
                .expireAfterWrite(keepFor)
                .build();
    }

    /** The kept outline of this course, else {@code read}'s (kept when no change was committed meanwhile). */
    CourseOutline outline(UUID courseId, Function<UUID, CourseOutline> read) {
        if (kept == null) {
            return read.apply(courseId);
        }
        CourseOutline outline = kept.getIfPresent(courseId);
        if (outline != null) {
            return outline;
        }
        long changesBefore = changes.get();
        outline = read.apply(courseId);
        kept.put(courseId, outline);
        if (changes.get() != changesBefore) {
            // A change was committed while this was read: it may be older than the change.
            kept.invalidate(courseId);
        }
        return outline;
    }

    /** The catalog changed (committed): every kept outline is dropped. */
    public void catalogChanged() {
        changes.incrementAndGet();
        if (kept != null) {
            kept.invalidateAll();
        }
    }
}
