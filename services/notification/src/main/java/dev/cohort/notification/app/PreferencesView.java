package dev.cohort.notification.app;

import dev.cohort.notification.domain.Delivery;
import dev.cohort.notification.domain.EmailSchedule;
import dev.cohort.notification.domain.NotificationKind;
import java.util.Map;

/** Every kind's delivery (in kind order) and the e-mail schedule of one person. */
public record PreferencesView(Map<NotificationKind, Delivery> kinds, EmailSchedule schedule) {
}
