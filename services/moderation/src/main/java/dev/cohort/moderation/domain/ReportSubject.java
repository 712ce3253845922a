package dev.cohort.moderation.domain;

/** What a report is about. */
public enum ReportSubject {
    MESSAGE,
    PROFILE
}
