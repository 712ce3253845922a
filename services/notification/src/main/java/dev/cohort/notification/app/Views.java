package dev.cohort.notification.app;

import dev.cohort.notification.domain.NotificationKind;
import dev.cohort.notification.store.NotificationRow;

/** Rows to views. */
final class Views {

    private Views() {
    }

    static NotificationView of(NotificationRow row) {
        return new NotificationView(row.userId(), row.id(), NotificationKind.valueOf(row.kind()), row.title(),
                row.body(), row.createdAt(), row.readAt() != null, row.actorUserId(), row.conversationId(),
                row.messageId(), row.groupId(), row.sectionId(), row.targetUserId());
    }
}
