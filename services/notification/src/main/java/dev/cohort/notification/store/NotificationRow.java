package dev.cohort.notification.store;

import java.time.Instant;
import java.util.UUID;

/** One stored notification. */
public record NotificationRow(UUID userId, long id, String kind, String title, String body, Instant createdAt,
                              Instant readAt, UUID actorUserId, UUID conversationId, UUID messageId, UUID groupId,
                              UUID sectionId, UUID targetUserId) {
}
