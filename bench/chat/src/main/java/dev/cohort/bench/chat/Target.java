package dev.cohort.bench.chat;

/**
 * A goal for one figure: at least or below a threshold. {@link #judge} says whether a measured value meets it;
 * a value that could not be measured (NaN) never does.
 */
record Target(String text, boolean atLeast, double threshold) {

    static Target atLeast(double threshold, String text) {
        return new Target(text, true, threshold);
    }

    static Target below(double threshold, String text) {
        return new Target(text, false, threshold);
    }

    boolean judge(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return false;
        }
        return atLeast ? value >= threshold : value < threshold;
    }

    /** {@code value / limit}; NaN when the limit is not a positive number. */
    static double ratio(double value, double limit) {
        return limit > 0 && !Double.isInfinite(limit) ? value / limit : Double.NaN;
    }
}
