package dev.cohort.notification.domain;

/**
 * What a notification is about, and how each kind is delivered until the person says otherwise: everything shows
 * in the app; e-mail only for what needs the person's attention or answer (being mentioned or written to, groups
 * they own or asked to join, moderators' answers and actions), not for what they did themselves or what is merely
 * nice to know.
 */
/* Append only: unsubscribe tokens carry the ordinal. */
public enum NotificationKind {
    MENTION(true, true),
    DIRECT_MESSAGE(true, true),
    JOIN_REQUEST(true, true),
    JOIN_APPROVED(true, true),
    JOIN_REJECTED(true, true),
    GROUP_DISBANDED(true, true),
    GROUP_HANDED_OVER(true, true),
    ENROLLMENT_CONFIRMED(true, false),
    ENROLLMENT_DROPPED(true, false),
    NEW_FOLLOWER(true, false),
    /** A report the person made was resolved: what the moderators did. */
    REPORT_RESOLVED(true, true),
    /** A moderator acted on the person: warned them, removed a message of theirs or suspended them. */
    MODERATION_NOTICE(true, true);

    private final boolean inAppByDefault;
    private final boolean emailByDefault;

    NotificationKind(boolean inAppByDefault, boolean emailByDefault) {
        this.inAppByDefault = inAppByDefault;
        this.emailByDefault = emailByDefault;
    }

    /** The delivery of this kind for someone who never changed it. */
    public Delivery defaults() {
        return new Delivery(inAppByDefault, emailByDefault);
    }

    /** Of mentions and direct messages: silenced when their conversation is muted. */
    public boolean belongsToConversation() {
        return this == MENTION || this == DIRECT_MESSAGE;
    }
}
