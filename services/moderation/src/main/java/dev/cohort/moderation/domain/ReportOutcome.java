package dev.cohort.moderation.domain;

/** How a report was resolved. */
public enum ReportOutcome {
    DISMISSED,
    MESSAGE_REMOVED,
    WARNED,
    SUSPENDED
}
