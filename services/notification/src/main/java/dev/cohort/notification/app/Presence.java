package dev.cohort.notification.app;

import java.util.UUID;

/** Whether someone is connected to chat right now (a direct message to them then needs no notification). */
public interface Presence {

    boolean connectedToChat(UUID userId);
}
