package dev.cohort.chat.domain;

/** How many users reacted to a message with {@code emoji}, and whether the reader is among them. */
public record ReactionCount(String emoji, int count, boolean reactedByMe) {
}
