package dev.cohort.profile.domain;

/** What two classmates share. Any one shared context makes two people classmates. */
public enum ContextKind {
    /** A course section both are enrolled in (course's enrollments). */
    SECTION,
    /** A study group both are members of (group's member lists). */
    GROUP,
    /** A conversation both are members of: a channel, a direct or a group conversation (chat's members). */
    CONVERSATION
}
