package dev.cohort.profile.domain;

/**
 * Who may reach a person in a given way: start a direct conversation, add them to a channel. Recorded here and
 * published (PrivacyChanged); enforcing it is the job of the service where the contact happens (chat).
 */
public enum ContactPermission {
    /** Every signed-in user. */
    EVERYONE,
    /** People who share a course section, a study group or a conversation with the person. */
    CLASSMATES,
    /** People the person follows. */
    PEOPLE_I_FOLLOW,
    /** Nobody. */
    NOBODY
}
