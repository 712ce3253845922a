package dev.cohort.profile.domain;

/** Who may see a person's profile besides the person. Blocks come first: a block hides the two from each other. */
public enum ProfileVisibility {
    /** Every signed-in user. */
    EVERYONE,
    /** People who share a course section, a study group or a conversation with the person. */
    CLASSMATES,
    /** Nobody but the person. */
    NOBODY
}
