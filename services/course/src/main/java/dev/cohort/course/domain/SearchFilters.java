package dev.cohort.course.domain;

import java.util.UUID;

/**
 * Only these filters narrow a course search.
 *
 * @param termId     courses with a section in this term; null for any term
 * @param department courses of this department; null for any
 */
public record SearchFilters(UUID termId, String department, boolean openSeatsOnly) {
}
