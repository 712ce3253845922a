package dev.cohort.group.domain;

/** Why a group ended. */
public enum DisbandCause {
    /** Its owner disbanded it. */
    OWNER_DISBANDED,
    /** Its only member (the owner) left. */
    LAST_MEMBER_LEFT,
    /** Its only member dropped the section. */
    LAST_MEMBER_DROPPED
}
