package dev.cohort.chat.app;

import dev.cohort.chat.domain.MemberRole;
import java.time.Instant;
import java.util.UUID;

/** A member of a conversation as any reader of it sees them. */
public record MemberView(UUID userId, MemberRole role, Instant joinedAt) {
}
