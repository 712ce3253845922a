package dev.cohort.notification.app;

import dev.cohort.notification.domain.Delivery;
import dev.cohort.notification.domain.EmailSchedule;
import dev.cohort.notification.domain.NewNotification;
import dev.cohort.notification.store.NotificationRow;
import dev.cohort.notification.store.NotificationStore;
import dev.cohort.notification.store.RecipientRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Makes notifications, as each person's preferences and mutes say: in the app (stored, counted, pushed live), by
 * e-mail (joined to the person's pending digest, due after the digest window and outside their quiet hours), both,
 * or not at all. Runs in the transaction of the event that caused them (the consumer's, which records the event
 * id), so a replayed event makes nothing twice; live streams hear of them after the commit.
 *
 * <p>A notification only e-mailed (in-app off) is stored out of the app's sight (no list, count or push), so its
 * e-mail can be written from it.
 */
public class Notifier {

    private final NotificationStore store;
    private final Preferences preferences;
    private final LiveFeed live;
    private final Duration digestWindow;
    private final Clock clock;

    public Notifier(NotificationStore store, Preferences preferences, LiveFeed live, Duration digestWindow,
                    Clock clock) {
        this.store = store;
        this.preferences = preferences;
        this.live = live;
        this.digestWindow = digestWindow;
        this.clock = clock;
    }

    /** Makes {@code wanted} (at most one per person is expected per event); must run inside a transaction. */
    public List<Made> notify(List<NewNotification> wanted) {
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<UUID, NewNotification> byRecipient = new LinkedHashMap<>();
        for (NewNotification notification : wanted) {
            byRecipient.putIfAbsent(notification.recipient(), notification);
        }
        Set<UUID> people = byRecipient.keySet();
        store.ensureRecipients(people);
        Map<UUID, Map<String, boolean[]>> changed = store.preferences(people);
        Map<UUID, Set<UUID>> mutedByConversation = new HashMap<>();

        Map<UUID, Delivery> deliveries = new LinkedHashMap<>();
        for (NewNotification notification : byRecipient.values()) {
            Delivery delivery = Preferences.delivery(changed.get(notification.recipient()), notification.kind());
            if (notification.kind().belongsToConversation() && notification.conversationId() != null) {
                Set<UUID> muted = mutedByConversation.computeIfAbsent(notification.conversationId(),
                        conversation -> store.mutedBy(conversation, people));
                if (muted.contains(notification.recipient())) {
                    continue;
                }
            }
            if (!delivery.none()) {
                deliveries.put(notification.recipient(), delivery);
            }
        }
        if (deliveries.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Set<UUID> unread = new HashSet<>();
        deliveries.forEach((user, delivery) -> {
            if (delivery.inApp()) {
                unread.add(user);
            }
        });
        Map<UUID, long[]> ids = store.nextIds(deliveries.keySet(), unread);

        Map<UUID, Instant> emailDue = new HashMap<>();
        Map<UUID, RecipientRow> recipients = store.recipients(deliveries.keySet());
        deliveries.forEach((user, delivery) -> {
            RecipientRow recipient = recipients.get(user);
            // No address yet (registration not arrived): nothing to send to; in-app still works.
            if (delivery.email() && recipient != null && recipient.email() != null) {
                emailDue.put(user, preferences.schedule(recipient).dueAt(now, digestWindow));
            }
        });
        Map<UUID, Long> emails = store.pendingEmails(emailDue, now);

        List<NotificationRow> rows = new ArrayList<>(deliveries.size());
        List<Long> emailIds = new ArrayList<>(deliveries.size());
        List<Boolean> inApp = new ArrayList<>(deliveries.size());
        List<Made> made = new ArrayList<>(deliveries.size());
        deliveries.forEach((user, delivery) -> {
            NewNotification notification = byRecipient.get(user);
            long[] idAndUnread = ids.get(user);
            NotificationRow row = new NotificationRow(user, idAndUnread[0], notification.kind().name(),
                    notification.title(), notification.body(), now, null,
                    notification.actor(), notification.conversationId(), notification.messageId(),
                    notification.groupId(), notification.sectionId(), notification.targetUserId());
            rows.add(row);
            emailIds.add(emails.get(user));
            inApp.add(delivery.inApp());
            if (delivery.inApp()) {
                made.add(new Made(Views.of(row), idAndUnread[1]));
            }
        });
        store.insert(rows, emailIds, inApp);
        if (!made.isEmpty()) {
            AfterCommit.run(() -> live.made(made));
        }
        return made;
    }

    /** The digest window: how long a pending e-mail waits for more notifications to join it. */
    public Duration digestWindow() {
        return digestWindow;
    }

    static EmailSchedule scheduleOf(RecipientRow recipient) {
        return Preferences.scheduleOf(recipient);
    }
}
