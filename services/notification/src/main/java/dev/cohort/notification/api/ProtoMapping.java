package dev.cohort.notification.api;

import dev.cohort.notification.app.PreferencesView;
import dev.cohort.notification.live.NotificationProtos;
import dev.cohort.notification.v1.EmailSchedule;
import dev.cohort.notification.v1.KindPreference;
import java.util.List;

/** Views to contract messages (notifications themselves: {@link NotificationProtos}, shared with live streams). */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static List<KindPreference> kinds(PreferencesView view) {
        return view.kinds().entrySet().stream().map(entry -> KindPreference.newBuilder()
                .setKind(NotificationProtos.kind(entry.getKey()))
                .setInApp(entry.getValue().inApp())
                .setEmail(entry.getValue().email())
                .build()).toList();
    }

    static EmailSchedule schedule(dev.cohort.notification.domain.EmailSchedule schedule) {
        return EmailSchedule.newBuilder()
                .setTimeZone(schedule.zone().getId())
                .setQuietStartMinute(schedule.quietStartMinute())
                .setQuietEndMinute(schedule.quietEndMinute())
                .build();
    }
}
