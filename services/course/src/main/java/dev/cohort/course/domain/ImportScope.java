package dev.cohort.course.domain;

import dev.cohort.course.domain.CatalogRecord.SectionData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one catalog import may change, by who imports. Admins import the catalog: terms, courses, sections and
 * modules. An instructor may only adjust the sections they already teach, and of those only what is theirs to
 * run: the schedule and the largest study group. Who teaches a section, how many seats it has and everything about
 * terms, courses and modules (shared by every section of a course) stay with admins; otherwise an instructor could
 * name themselves instructor of any section and so read its roster.
 */
public final class ImportScope {

    /** Why a record falls outside the scope. */
    public static final String NOT_PERMITTED = "NOT_PERMITTED";

    private final UUID instructorId;

    private ImportScope(UUID instructorId) {
        this.instructorId = instructorId;
    }

    /** Everything: the caller is an admin. */
    public static ImportScope admin() {
        return new ImportScope(null);
    }

    /** The sections {@code instructorId} teaches, their schedule and group size only. */
    public static ImportScope instructor(UUID instructorId) {
        return new ImportScope(Objects.requireNonNull(instructorId));
    }

    /** Empty when a term, course or module record may be applied; otherwise why not. */
    public List<ImportProblem> refusalOf(CatalogRecord record) {
        if (instructorId == null || record instanceof SectionData) {
            return List.of();
        }
        String kind = record instanceof CatalogRecord.TermData ? "term"
                : record instanceof CatalogRecord.CourseData ? "course" : "module";
        return List.of(new ImportProblem(NOT_PERMITTED, kind, "only admins import " + kind + "s"));
    }

    /**
     * Empty when {@code next} may be applied to the section stored as {@code stored} (null: it does not exist yet);
     * otherwise why not, one problem per field the caller may not change.
     */
    public List<ImportProblem> refusalOf(SectionData stored, SectionData next) {
        if (instructorId == null) {
            return List.of();
        }
        if (stored == null) {
            return List.of(new ImportProblem(NOT_PERMITTED, "section", "only admins create sections"));
        }
        if (!instructorId.equals(stored.instructorUserId())) {
            return List.of(new ImportProblem(NOT_PERMITTED, "section",
                    "instructors import only the sections they teach"));
        }
        List<ImportProblem> problems = new ArrayList<>();
        if (!Objects.equals(stored.instructorUserId(), next.instructorUserId())) {
            problems.add(new ImportProblem(NOT_PERMITTED, "section.instructor_user_id",
                    "only admins assign a section's instructor"));
        }
        if (stored.capacity() != next.capacity()) {
            problems.add(new ImportProblem(NOT_PERMITTED, "section.capacity",
                    "only admins change a section's capacity"));
        }
        return problems;
    }
}
