package dev.cohort.notification.app;

import java.util.List;
import java.util.UUID;

/** Where use cases announce what live streams must hear, once their transaction has committed. */
public interface LiveFeed {

    /** Notifications were made (and committed). */
    void made(List<Made> made);

    /** A person's unread count changed without a new notification (marked read). */
    void unreadChanged(UUID userId, long unreadCount);
}
