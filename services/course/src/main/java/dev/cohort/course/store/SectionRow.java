package dev.cohort.course.store;

import dev.cohort.course.domain.TermState;
import java.time.LocalDate;

/** A section with what is shown beside it: its course's code and title, its term's code, state and start. */
public record SectionRow(SectionEntity section, String courseCode, String courseTitle, String termCode,
                         TermState termState, LocalDate termStartDate) {
}
