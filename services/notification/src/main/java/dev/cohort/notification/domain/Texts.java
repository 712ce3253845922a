package dev.cohort.notification.domain;

/** Short texts for titles and bodies: cut at a length without splitting a character. */
public final class Texts {

    private Texts() {
    }

    /** {@code text} with at most {@code max} code points, ending in an ellipsis when it was cut. */
    public static String clip(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        if (oneLine.codePointCount(0, oneLine.length()) <= max) {
            return oneLine;
        }
        int end = oneLine.offsetByCodePoints(0, max - 1);
        return oneLine.substring(0, end) + "…";
    }

    /** A person's name for a title, or a neutral word while their registration has not arrived. */
    public static String nameOr(String displayName, String fallback) {
        return displayName == null || displayName.isBlank() ? fallback : displayName;
    }
}
