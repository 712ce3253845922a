package dev.cohort.group.app;

import java.util.UUID;

/**
 * What group needs to know from the course service, asked on behalf of the current caller (their token is
 * forwarded, so course authorises the student, not this service). Implementations answer within a deadline.
 */
public interface CourseDirectory {

    /** The section's maximum study-group size; NOT_FOUND (SECTION_NOT_FOUND) for an unknown section. */
    int maxGroupSize(UUID sectionId);

    /** Returns when the caller is enrolled in the section; FAILED_PRECONDITION (NOT_ENROLLED) otherwise. */
    void requireCallerEnrolled(UUID sectionId);
}
