package dev.cohort.group.domain;

/** Page sizes of every list: the contract allows 0 (meaning the default) to 100. */
public final class PageSize {

    public static final int DEFAULT = 20;
    public static final int MAX = 100;

    private PageSize() {
    }

    public static int of(int requested) {
        return requested <= 0 ? DEFAULT : Math.min(requested, MAX);
    }
}
