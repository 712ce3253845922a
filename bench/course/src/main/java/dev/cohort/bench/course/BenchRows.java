package dev.cohort.bench.course;

import dev.cohort.course.v1.CourseRecord;
import dev.cohort.course.v1.ImportCatalogRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows both import paths write: {@code rows} courses with codes unique to {@code run} ({@code BxA 000} ...),
 * a title and a realistic-length description. ImportCatalog gets them as records; COPY as CSV of the same values.
 */
final class BenchRows {

    private static final String DESCRIPTION = "A benchmark course with a description of ordinary length, long enough"
            + " to give the full-text index real work: lectures, problem sets and a final project on data structures,"
            + " algorithms, statistics and the history of the subject.";

    private BenchRows() {
    }

    /** Course code number {@code i} of run {@code run}: department {@code B<run><letter>}, number i mod 1000. */
    static String code(int run, int i) {
        char runLetter = (char) ('A' + run % 26);
        char block = (char) ('A' + i / 1000);
        return "B" + runLetter + block + " " + String.format("%03d", i % 1000);
    }

    static String title(int i) {
        return "Benchmark Course " + i;
    }

    static String description() {
        return DESCRIPTION;
    }

    static List<ImportCatalogRequest> records(int run, int rows) {
        List<ImportCatalogRequest> records = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            records.add(ImportCatalogRequest.newBuilder().setCourse(CourseRecord.newBuilder()
                    .setCode(code(run, i)).setTitle(title(i)).setDescription(DESCRIPTION).setCredits(3)
                    .setDepartmentName("Benchmarking")).build());
        }
        return records;
    }
}
