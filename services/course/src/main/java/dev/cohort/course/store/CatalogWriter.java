package dev.cohort.course.store;

import dev.cohort.course.domain.CatalogRecord.CourseData;
import dev.cohort.course.domain.CatalogRecord.LessonData;
import dev.cohort.course.domain.CatalogRecord.ModuleData;
import dev.cohort.course.domain.CatalogRecord.SectionData;
import dev.cohort.course.domain.CatalogRecord.TermData;
import dev.cohort.course.domain.TermState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Reads and writes catalog rows in bulk for the import: one query per kind to load what a batch refers to, and
 * JDBC batches to write what changed. Callers run it inside the batch's transaction.
 */
public class CatalogWriter {

    /** A stored term or course: its id and its importable state. */
    public record Stored<T>(UUID id, T data) {
    }

    /** A section's natural key in ids. */
    public record SectionKey(UUID courseId, UUID termId, String sectionCode) {
    }

    /** A stored section: ids, and its importable state with codes. */
    public record StoredSection(UUID id, UUID courseId, UUID termId, SectionData data) {
        public SectionKey key() {
            return new SectionKey(courseId, termId, data.sectionCode());
        }
    }

    /** A module's natural key in ids. */
    public record ModuleKey(UUID courseId, int position) {
    }

    /**
     * A stored module: ids, its importable state (its current lessons), and the ids of every lesson row it has by
     * position (index 0 is position 1), retired lessons included, so that {@code lessonIds} may be longer than
     * {@code data.lessons()}.
     */
    public record StoredModule(UUID id, UUID courseId, ModuleData data, List<UUID> lessonIds) {
        public StoredModule {
            lessonIds = List.copyOf(lessonIds);
        }

        public ModuleKey key() {
            return new ModuleKey(courseId, data.position());
        }
    }

    private final NamedParameterJdbcTemplate named;
    private final JdbcTemplate jdbc;

    public CatalogWriter(NamedParameterJdbcTemplate named) {
        this.named = named;
        this.jdbc = named.getJdbcTemplate();
    }

    public Map<String, Stored<TermData>> terms(Collection<String> codes) {
        Map<String, Stored<TermData>> found = new HashMap<>();
        if (codes.isEmpty()) {
            return found;
        }
        named.query("select id, code, name, start_date, end_date, state from terms where code in (:codes)",
                Map.of("codes", codes), row -> {
                    TermData data = new TermData(row.getString("code"), row.getString("name"),
                            row.getObject("start_date", java.time.LocalDate.class),
                            row.getObject("end_date", java.time.LocalDate.class),
                            TermState.valueOf(row.getString("state")));
                    found.put(data.code(), new Stored<>(row.getObject("id", UUID.class), data));
                });
        return found;
    }

    public Map<String, Stored<CourseData>> courses(Collection<String> codes) {
        Map<String, Stored<CourseData>> found = new HashMap<>();
        if (codes.isEmpty()) {
            return found;
        }
        named.query("select id, code, title, description, credits, department_name from courses where code in (:codes)",
                Map.of("codes", codes), row -> {
                    CourseData data = new CourseData(row.getString("code"), row.getString("title"),
                            row.getString("description"), row.getInt("credits"), row.getString("department_name"));
                    found.put(data.code(), new Stored<>(row.getObject("id", UUID.class), data));
                });
        return found;
    }

    /** Every section of these courses, by natural key. */
    public Map<SectionKey, StoredSection> sectionsOf(Collection<UUID> courseIds) {
        Map<SectionKey, StoredSection> found = new HashMap<>();
        if (courseIds.isEmpty()) {
            return found;
        }
        named.query("""
                select s.id, s.course_id, s.term_id, s.section_code, s.instructor_user_id, s.schedule, s.capacity,
                       s.max_group_size, c.code as course_code, t.code as term_code
                from sections s join courses c on c.id = s.course_id join terms t on t.id = s.term_id
                where s.course_id in (:ids)""", Map.of("ids", courseIds), row -> {
            SectionData data = new SectionData(row.getString("course_code"), row.getString("term_code"),
                    row.getString("section_code"), row.getObject("instructor_user_id", UUID.class),
                    row.getString("schedule"), row.getInt("capacity"), row.getInt("max_group_size"));
            StoredSection section = new StoredSection(row.getObject("id", UUID.class),
                    row.getObject("course_id", UUID.class), row.getObject("term_id", UUID.class), data);
            found.put(section.key(), section);
        });
        return found;
    }

    /** Every module of these courses with its lessons, by natural key. */
    public Map<ModuleKey, StoredModule> modulesOf(Collection<UUID> courseIds) {
        Map<ModuleKey, StoredModule> found = new HashMap<>();
        if (courseIds.isEmpty()) {
            return found;
        }
        record ModuleRow(UUID id, UUID courseId, String courseCode, int position, String title) {
        }
        Map<UUID, ModuleRow> modules = new LinkedHashMap<>();
        named.query("""
                select m.id, m.course_id, c.code as course_code, m.position, m.title
                from modules m join courses c on c.id = m.course_id where m.course_id in (:ids)""",
                Map.of("ids", courseIds), row -> {
                    UUID id = row.getObject("id", UUID.class);
                    modules.put(id, new ModuleRow(id, row.getObject("course_id", UUID.class),
                            row.getString("course_code"), row.getInt("position"), row.getString("title")));
                });
        Map<UUID, List<LessonData>> lessons = new HashMap<>();
        Map<UUID, List<UUID>> lessonIds = new HashMap<>();
        // Current lessons are always positions 1..n and retired ones the positions after them (see updateModules).
        named.query("""
                select id, module_id, title, duration_minutes, retired_at is not null as retired from lessons
                where course_id in (:ids) order by module_id, position""", Map.of("ids", courseIds), row -> {
            UUID moduleId = row.getObject("module_id", UUID.class);
            if (!row.getBoolean("retired")) {
                lessons.computeIfAbsent(moduleId, id -> new ArrayList<>())
                        .add(new LessonData(row.getString("title"), row.getInt("duration_minutes")));
            }
            lessonIds.computeIfAbsent(moduleId, id -> new ArrayList<>()).add(row.getObject("id", UUID.class));
        });
        for (ModuleRow module : modules.values()) {
            ModuleData data = new ModuleData(module.courseCode(), module.position(), module.title(),
                    lessons.getOrDefault(module.id(), List.of()));
            StoredModule stored = new StoredModule(module.id(), module.courseId(), data,
                    lessonIds.getOrDefault(module.id(), List.of()));
            found.put(stored.key(), stored);
        }
        return found;
    }

    public void insertTerms(Collection<Stored<TermData>> terms, Instant now) {
        batch("""
                insert into terms (id, code, name, start_date, end_date, state, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", terms.stream().map(term -> new Object[] {
                term.id(), term.data().code(), term.data().name(), term.data().startDate(), term.data().endDate(),
                term.data().state().name(), at(now), at(now)}).toList());
    }

    public void updateTerms(Collection<Stored<TermData>> terms, Instant now) {
        batch("update terms set name = ?, start_date = ?, end_date = ?, state = ?, updated_at = ? where id = ?",
                terms.stream().map(term -> new Object[] {
                        term.data().name(), term.data().startDate(), term.data().endDate(), term.data().state().name(),
                        at(now), term.id()}).toList());
    }

    public void insertCourses(Collection<Stored<CourseData>> courses, Instant now) {
        batch("""
                insert into courses (id, code, department, department_name, title, description, credits, created_at,
                                     updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", courses.stream().map(course -> new Object[] {
                course.id(), course.data().code(), course.data().department(), course.data().departmentName(),
                course.data().title(), course.data().description(), course.data().credits(), at(now), at(now)})
                .toList());
    }

    public void updateCourses(Collection<Stored<CourseData>> courses, Instant now) {
        batch("""
                update courses set department_name = ?, title = ?, description = ?, credits = ?, updated_at = ?
                where id = ?""", courses.stream().map(course -> new Object[] {
                course.data().departmentName(), course.data().title(), course.data().description(),
                course.data().credits(), at(now), course.id()}).toList());
    }

    public void insertSections(Collection<StoredSection> sections, Instant now) {
        batch("""
                insert into sections (id, course_id, term_id, section_code, instructor_user_id, schedule, capacity,
                                      max_group_size, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", sections.stream().map(section -> new Object[] {
                section.id(), section.courseId(), section.termId(), section.data().sectionCode(),
                section.data().instructorUserId(), section.data().schedule(), section.data().capacity(),
                section.data().maxGroupSize(), at(now), at(now)}).toList());
    }

    public void updateSections(Collection<StoredSection> sections, Instant now) {
        batch("""
                update sections set instructor_user_id = ?, schedule = ?, capacity = ?, max_group_size = ?,
                                    updated_at = ?
                where id = ?""", sections.stream().map(section -> new Object[] {
                section.data().instructorUserId(), section.data().schedule(), section.data().capacity(),
                section.data().maxGroupSize(), at(now), section.id()}).toList());
    }

    /** Inserts new modules with all their lessons. */
    public void insertModules(Collection<StoredModule> modules, Instant now) {
        batch("insert into modules (id, course_id, position, title, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
                modules.stream().map(module -> new Object[] {
                        module.id(), module.courseId(), module.data().position(), module.data().title(), at(now),
                        at(now)}).toList());
        List<Object[]> lessons = new ArrayList<>();
        for (StoredModule module : modules) {
            for (int i = 0; i < module.data().lessons().size(); i++) {
                lessons.add(lessonRow(module, i));
            }
        }
        insertLessons(lessons);
    }

    /**
     * Brings stored modules (as they were stored: {@code previous} by id) to their new state: title, lessons updated
     * in place by position (keeping their ids and completions), retired positions listed again brought back,
     * positions the module never had inserted, and positions beyond the new list retired. Lessons are never
     * deleted: a retired lesson is hidden from the course and from progress, and the students' completions of it
     * stay on record.
     */
    public void updateModules(Collection<StoredModule> modules, Map<UUID, StoredModule> previous, Instant now) {
        batch("update modules set title = ?, updated_at = ? where id = ?", modules.stream()
                .map(module -> new Object[] {module.data().title(), at(now), module.id()}).toList());
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> retirements = new ArrayList<>();
        for (StoredModule module : modules) {
            StoredModule before = previous.get(module.id());
            List<LessonData> current = before.data().lessons();
            int rows = before.lessonIds().size();
            List<LessonData> after = module.data().lessons();
            for (int i = 0; i < after.size(); i++) {
                if (i >= rows) {
                    inserts.add(lessonRow(module, i));
                } else if (i >= current.size() || !current.get(i).equals(after.get(i))) {
                    updates.add(new Object[] {after.get(i).title(), after.get(i).durationMinutes(),
                            module.lessonIds().get(i)});
                }
            }
            if (current.size() > after.size()) {
                retirements.add(new Object[] {at(now), module.id(), after.size()});
            }
        }
        batch("update lessons set retired_at = ? where module_id = ? and position > ? and retired_at is null",
                retirements);
        batch("update lessons set title = ?, duration_minutes = ?, retired_at = null where id = ?", updates);
        insertLessons(inserts);
    }

    private void insertLessons(List<Object[]> lessons) {
        batch("""
                insert into lessons (id, module_id, course_id, position, title, duration_minutes)
                values (?, ?, ?, ?, ?, ?)""", lessons);
    }

    /** Lesson {@code i} of {@code module}, with the id the module holds for it. */
    private static Object[] lessonRow(StoredModule module, int i) {
        LessonData lesson = module.data().lessons().get(i);
        return new Object[] {module.lessonIds().get(i), module.id(), module.courseId(), i + 1, lesson.title(),
                lesson.durationMinutes()};
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
