package dev.cohort.chat.domain;

/** What a conversation is; stored by name. */
public enum ConversationKind {
    /** A named channel, public or private, standalone or attached to a course section. */
    CHANNEL,
    /** Between 2 and 8 people; one per set of participants; its members never change. */
    DIRECT,
    /** A study group's conversation; its members follow the group service's events. */
    GROUP
}
