package dev.cohort.course.domain;

import java.util.regex.Pattern;

/** Course codes such as {@code CPSC 310}: a department code, a space, three digits and an optional letter. */
public final class CourseCode {

    private static final Pattern FORMAT = Pattern.compile("[A-Z]{2,5} [0-9]{3}[A-Z]?");

    private CourseCode() {
    }

    public static boolean isValid(String code) {
        return code != null && FORMAT.matcher(code).matches();
    }

    /** {@code CPSC} of {@code CPSC 310}. */
    public static String department(String code) {
        if (!isValid(code)) {
            throw new IllegalArgumentException("not a course code: " + code);
        }
        return code.substring(0, code.indexOf(' '));
    }
}
