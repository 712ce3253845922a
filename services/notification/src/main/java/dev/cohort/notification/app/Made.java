package dev.cohort.notification.app;

/** A notification just made, with its person's unread count after it (for live streams). */
public record Made(NotificationView notification, long unreadCount) {
}
