package dev.cohort.notification.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * A notification to make for one person; which of the target fields are set depends on the kind.
 *
 * @param recipient      whom it is for
 * @param kind           what it is about
 * @param title          one line, e.g. "Ada mentioned you"
 * @param body           more detail; may be empty
 * @param actor          who caused it; null when the platform did
 * @param conversationId the conversation of a mention or direct message
 * @param messageId      the message of a mention or direct message
 * @param groupId        the group of a join request, its answer, a disbanding or handover
 * @param sectionId      the section of an enrolment or group
 * @param targetUserId   the person it is about (a new follower)
 */
public record NewNotification(UUID recipient, NotificationKind kind, String title, String body, UUID actor,
                              UUID conversationId, UUID messageId, UUID groupId, UUID sectionId,
                              UUID targetUserId) {

    public NewNotification {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(kind, "kind");
        title = Texts.clip(Objects.requireNonNull(title, "title"), 200);
        body = Texts.clip(body == null ? "" : body, 500);
    }
}
