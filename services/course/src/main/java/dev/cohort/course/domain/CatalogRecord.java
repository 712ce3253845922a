package dev.cohort.course.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One imported catalog entry, keyed by its natural key. Records are compared whole: importing a record equal to
 * what is stored changes nothing, which is what makes a re-import a no-op.
 */
public sealed interface CatalogRecord {

    /** A term, keyed by {@code code}. */
    record TermData(String code, String name, LocalDate startDate, LocalDate endDate, TermState state)
            implements CatalogRecord {
        public TermData {
            Objects.requireNonNull(code);
            Objects.requireNonNull(name);
            Objects.requireNonNull(startDate);
            Objects.requireNonNull(endDate);
            Objects.requireNonNull(state);
        }
    }

    /** A course, keyed by {@code code}; its department is the code's first part. */
    record CourseData(String code, String title, String description, int credits, String departmentName)
            implements CatalogRecord {
        public CourseData {
            Objects.requireNonNull(code);
            Objects.requireNonNull(title);
            Objects.requireNonNull(description);
            Objects.requireNonNull(departmentName);
        }

        public String department() {
            return CourseCode.department(code);
        }
    }

    /** A section, keyed by course code, term code and section code. {@code instructorUserId} may be null. */
    record SectionData(String courseCode, String termCode, String sectionCode, UUID instructorUserId,
                       String schedule, int capacity, int maxGroupSize) implements CatalogRecord {
        public SectionData {
            Objects.requireNonNull(courseCode);
            Objects.requireNonNull(termCode);
            Objects.requireNonNull(sectionCode);
            Objects.requireNonNull(schedule);
        }
    }

    /** A module with its complete lesson list, keyed by course code and position. */
    record ModuleData(String courseCode, int position, String title, List<LessonData> lessons)
            implements CatalogRecord {
        public ModuleData {
            Objects.requireNonNull(courseCode);
            Objects.requireNonNull(title);
            lessons = List.copyOf(lessons);
        }
    }

    /** A lesson of a module; its position is its place in the module's list, from 1. */
    record LessonData(String title, int durationMinutes) {
        public LessonData {
            Objects.requireNonNull(title);
        }
    }
}
