package dev.cohort.chat.domain;

import java.util.UUID;

/** A user named in a message's text, at {@code start} for {@code length} Unicode code points. */
public record Mention(UUID userId, int start, int length) {

    public Mention {
        if (userId == null || start < 0 || length < 1) {
            throw new IllegalArgumentException("invalid mention " + userId + "@" + start + "+" + length);
        }
    }

    /** Whether the mention lies inside a text of {@code codePoints} code points. */
    public boolean fitsIn(int codePoints) {
        return (long) start + length <= codePoints;
    }
}
