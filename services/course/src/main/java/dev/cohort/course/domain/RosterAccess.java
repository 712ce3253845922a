package dev.cohort.course.domain;

/**
 * Who may read a section's roster: the section's instructor, the students enrolled in it (they study together
 * and form groups from it), and admins. Nobody else learns who takes a class.
 */
public final class RosterAccess {

    private RosterAccess() {
    }

    public static boolean allowed(boolean admin, boolean instructorOfSection, boolean enrolledInSection) {
        return admin || instructorOfSection || enrolledInSection;
    }
}
