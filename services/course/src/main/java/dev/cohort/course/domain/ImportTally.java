package dev.cohort.course.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import did so far: one outcome per record, and the problems of failed records up to a limit (an import
 * of a broken 100,000-line file must not answer with 100,000 errors).
 */
public final class ImportTally {

    /** A problem of the record at {@code index} (from 0) in the stream. */
    public record IndexedProblem(int index, ImportProblem problem) {
    }

    private final int maxProblems;
    private final List<IndexedProblem> problems = new ArrayList<>();
    private int received;
    private int created;
    private int updated;
    private int unchanged;
    private int failed;
    private boolean truncated;

    public ImportTally(int maxProblems) {
        this.maxProblems = maxProblems;
    }

    public void received() {
        received++;
    }

    public void created() {
        created++;
    }

    public void updated() {
        updated++;
    }

    public void unchanged() {
        unchanged++;
    }

    public void failed(int index, List<ImportProblem> recordProblems) {
        failed++;
        for (ImportProblem problem : recordProblems) {
            if (problems.size() < maxProblems) {
                problems.add(new IndexedProblem(index, problem));
            } else {
                truncated = true;
            }
        }
    }

    public int receivedCount() {
        return received;
    }

    public int createdCount() {
        return created;
    }

    public int updatedCount() {
        return updated;
    }

    public int unchangedCount() {
        return unchanged;
    }

    public int failedCount() {
        return failed;
    }

    public List<IndexedProblem> problems() {
        return List.copyOf(problems);
    }

    public boolean truncated() {
        return truncated;
    }
}
