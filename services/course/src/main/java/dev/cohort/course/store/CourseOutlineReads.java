package dev.cohort.course.store;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A course with its modules and current lessons (GetCourse), read with one statement in autocommit: one snapshot,
 * one round trip, no JPA session and no transaction to begin and commit. A JFR profile of {@code bench/unary}
 * showed those three queries' session, transaction and repository proxies, not the queries, taking most of the
 * call's time (ADR 0064). Writes stay on the entities.
 */
public class CourseOutlineReads {

    private static final String OUTLINE = "select c.id, c.code, c.title, c.description, c.credits, c.department,"
            + " c.department_name, m.id as module_id, m.position as module_position, m.title as module_title,"
            + " l.id as lesson_id, l.position as lesson_position, l.title as lesson_title, l.duration_minutes"
            + " from courses c"
            + " left join modules m on m.course_id = c.id"
            + " left join lessons l on l.module_id = m.id and l.course_id = c.id and l.retired_at is null"
            + " where c.id = ?"
            + " order by m.position, l.position";

    /**
     * One row of the outline: the course's columns, with one module and one of its lessons (module columns null
     * for a course without modules, lesson columns null for a module without lessons).
     */
    public record OutlineRow(UUID id, String code, String title, String description, int credits, String department,
                             String departmentName, UUID moduleId, int modulePosition, String moduleTitle,
                             UUID lessonId, int lessonPosition, String lessonTitle, int lessonDurationMinutes) {
    }

    private final JdbcTemplate jdbc;

    public CourseOutlineReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows by module position and lesson position; empty when there is no such course. */
    public List<OutlineRow> outline(UUID courseId) {
        // Columns by position (as selected above): looking them up by name was a tenth of the call.
        return jdbc.query(OUTLINE, (row, n) -> new OutlineRow(
                row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4), row.getInt(5),
                row.getString(6), row.getString(7), row.getObject(8, UUID.class), row.getInt(9), row.getString(10),
                row.getObject(11, UUID.class), row.getInt(12), row.getString(13), row.getInt(14)), courseId);
    }
}
