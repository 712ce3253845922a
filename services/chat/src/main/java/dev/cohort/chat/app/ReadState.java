package dev.cohort.chat.app;

/** A member's read marker in a conversation and how many messages by others are still unread after it. */
public record ReadState(long lastReadSequence, long unreadCount) {
}
