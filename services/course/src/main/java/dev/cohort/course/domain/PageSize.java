package dev.cohort.course.domain;

/** Page sizes: the contract allows 0 for "the default". */
public final class PageSize {

    private PageSize() {
    }

    public static int orDefault(int requested, int defaultSize) {
        return requested <= 0 ? defaultSize : requested;
    }
}
