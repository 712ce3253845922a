package dev.cohort.notification.live;

import com.google.protobuf.Timestamp;
import dev.cohort.notification.app.NotificationView;
import dev.cohort.notification.v1.Notification;
import dev.cohort.notification.v1.NotificationKind;
import dev.cohort.notification.v1.NotificationTarget;
import java.util.UUID;

/** A notification view as the contract's message: the same for lists and live streams. */
public final class NotificationProtos {

    private NotificationProtos() {
    }

    public static Notification notification(NotificationView view) {
        return Notification.newBuilder()
                .setId(view.id())
                .setKind(kind(view.kind()))
                .setTitle(view.title())
                .setBody(view.body())
                .setCreateTime(Timestamp.newBuilder().setSeconds(view.createdAt().getEpochSecond())
                        .setNanos(view.createdAt().getNano()))
                .setRead(view.read())
                .setActorUserId(text(view.actorUserId()))
                .setTarget(NotificationTarget.newBuilder()
                        .setConversationId(text(view.conversationId()))
                        .setMessageId(text(view.messageId()))
                        .setGroupId(text(view.groupId()))
                        .setSectionId(text(view.sectionId()))
                        .setUserId(text(view.targetUserId())))
                .build();
    }

    public static NotificationKind kind(dev.cohort.notification.domain.NotificationKind kind) {
        return NotificationKind.valueOf("NOTIFICATION_KIND_" + kind.name());
    }

    public static dev.cohort.notification.domain.NotificationKind kind(NotificationKind kind) {
        return dev.cohort.notification.domain.NotificationKind.valueOf(
                kind.name().substring("NOTIFICATION_KIND_".length()));
    }

    private static String text(UUID id) {
        return id == null ? "" : id.toString();
    }
}
