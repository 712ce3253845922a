package dev.cohort.course.domain;

/** Completion as a percentage from 0 to 100, rounded to one decimal; 0 when there is nothing to complete. */
public final class Progress {

    private Progress() {
    }

    public static double percent(int completed, int total) {
        if (total <= 0) {
            return 0.0;
        }
        return Math.round(completed * 1000.0 / total) / 10.0;
    }
}
