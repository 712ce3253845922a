package dev.cohort.chat.store;

import dev.cohort.chat.domain.MemberRole;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code members}. */
public record MemberRow(UUID conversationId, UUID userId, MemberRole role, Instant joinedAt,
                        long lastReadSequence) {

    public boolean owner() {
        return role == MemberRole.OWNER;
    }
}
