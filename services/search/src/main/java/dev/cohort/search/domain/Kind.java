package dev.cohort.search.domain;

/** What a document of the index is; the name is what the index stores. */
public enum Kind {
    MESSAGE,
    COURSE,
    PERSON
}
