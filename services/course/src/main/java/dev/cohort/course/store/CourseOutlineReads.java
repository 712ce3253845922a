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
        return jdbc.query(OUTLINE, (row, n) -> new OutlineRow(
                row.getObject("id", UUID.class), row.getString("code"), row.getString("title"),
                row.getString("description"), row.getInt("credits"), row.getString("department"),
                row.getString("department_name"), row.getObject("module_id", UUID.class),
                row.getInt("module_position"), row.getString("module_title"),
                row.getObject("lesson_id", UUID.class), row.getInt("lesson_position"),
                row.getString("lesson_title"), row.getInt("duration_minutes")), courseId);
    }
}
