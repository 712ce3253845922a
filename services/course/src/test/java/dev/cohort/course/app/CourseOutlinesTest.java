package dev.cohort.course.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Outlines are kept for a moment, dropped by a catalog change, and never kept when read across one (ADR 76). */
class CourseOutlinesTest {

    final UUID courseId = UUID.randomUUID();
    final AtomicInteger reads = new AtomicInteger();

    CourseOutline titled(String title) {
        reads.incrementAndGet();
        return new CourseOutline(new CourseView(courseId, "CPSC 110", title, "", 4, "CPSC", "Computer Science"),
                List.of());
    }

    @Test
    void answersAKeptOutlineWithoutReadingAgain() {
        CourseOutlines outlines = new CourseOutlines(Duration.ofMinutes(1));
        outlines.outline(courseId, id -> titled("first"));

        CourseOutline again = outlines.outline(courseId, id -> titled("second"));

        assertThat(again.course().title()).isEqualTo("first");
        assertThat(reads).hasValue(1);
    }

    @Test
    void readsAgainAfterACatalogChange() {
        CourseOutlines outlines = new CourseOutlines(Duration.ofMinutes(1));
        outlines.outline(courseId, id -> titled("before"));

        outlines.catalogChanged();

        assertThat(outlines.outline(courseId, id -> titled("after")).course().title()).isEqualTo("after");
    }

    @Test
    void doesNotKeepAnOutlineReadWhileAChangeWasCommitted() {
        CourseOutlines outlines = new CourseOutlines(Duration.ofMinutes(1));
        outlines.outline(courseId, id -> {
            CourseOutline read = titled("read before the change");
            outlines.catalogChanged();
            return read;
        });

        assertThat(outlines.outline(courseId, id -> titled("after")).course().title()).isEqualTo("after");
    }

    @Test
    void readsEveryTimeWhenKeepingIsOff() {
        CourseOutlines outlines = new CourseOutlines(Duration.ZERO);
        outlines.outline(courseId, id -> titled("one"));
        outlines.outline(courseId, id -> titled("two"));

        assertThat(reads).hasValue(2);
    }
}
