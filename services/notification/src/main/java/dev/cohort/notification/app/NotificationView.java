package dev.cohort.notification.app;

import dev.cohort.notification.domain.NotificationKind;
import java.time.Instant;
import java.util.UUID;

/** A notification as callers and live streams see it. */
public record NotificationView(UUID userId, long id, NotificationKind kind, String title, String body,
                               Instant createdAt, boolean read, UUID actorUserId, UUID conversationId,
                               UUID messageId, UUID groupId, UUID sectionId, UUID targetUserId) {
}
