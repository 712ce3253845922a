package dev.cohort.search.domain;

/**
 * Who may find a person (profile's privacy setting, ADR 0031): everyone, classmates only (the default, for people
 * who never changed it), or nobody. The index stores the name.
 */
public enum ProfileVisibility {
    EVERYONE,
    CLASSMATES,
    NOBODY
}
