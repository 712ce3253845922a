package dev.cohort.notification.app;

import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.notification.domain.Delivery;
import dev.cohort.notification.domain.EmailSchedule;
import dev.cohort.notification.domain.NotificationKind;
import dev.cohort.notification.domain.UnsubscribeTokens;
import dev.cohort.notification.store.NotificationStore;
import dev.cohort.notification.store.RecipientRow;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/** Each person's say over their notifications: per kind and channel, the e-mail schedule, muted conversations. */
public class Preferences {

    /** The most muted conversations listed. */
    static final int MAX_MUTED_LISTED = 1000;

    private final NotificationStore store;
    private final UnsubscribeTokens tokens;
    private final Clock clock;

    public Preferences(NotificationStore store, UnsubscribeTokens tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PreferencesView get(UUID userId) {
        Map<String, boolean[]> changed = store.preferences(Set.of(userId)).get(userId);
        RecipientRow recipient = store.recipients(Set.of(userId)).get(userId);
        return view(changed, recipient == null ? EmailSchedule.DEFAULT : scheduleOf(recipient));
    }

    /**
     * Sets the kinds given (others keep theirs) and, when {@code schedule} is present, the time zone and quiet
     * hours. An unknown time zone is INVALID_ARGUMENT (INVALID_TIME_ZONE) and changes nothing.
     */
    @Transactional
    public PreferencesView update(UUID userId, Map<NotificationKind, Delivery> kinds, Optional<ScheduleChange> schedule) {
        Optional<EmailSchedule> parsed = schedule.map(Preferences::parse);
        store.ensureRecipients(List.of(userId));
        kinds.forEach((kind, delivery) -> store.setPreference(userId, kind.name(), delivery.inApp(), delivery.email()));
        parsed.ifPresent(value -> store.setSchedule(userId, value.zone().getId(), value.quietStartMinute(),
                value.quietEndMinute()));
        return get(userId);
    }

    /** A schedule as asked for, before its time zone is checked. */
    public record ScheduleChange(String timeZone, int quietStartMinute, int quietEndMinute) {
    }

    @Transactional
    public void mute(UUID userId, UUID conversationId) {
        store.ensureRecipients(List.of(userId));
        store.mute(userId, conversationId, clock.instant());
    }

    @Transactional
    public void unmute(UUID userId, UUID conversationId) {
        store.unmute(userId, conversationId);
    }

    @Transactional(readOnly = true)
    public List<UUID> muted(UUID userId) {
        return store.muted(userId, MAX_MUTED_LISTED);
    }

    /**
     * Turns off e-mail of the token's kind for its person, keeping in-app as it was. A token not made here, or
     * altered, is INVALID_ARGUMENT (INVALID_UNSUBSCRIBE_TOKEN) and changes nothing.
     */
    @Transactional
    public NotificationKind unsubscribe(String token) {
        UnsubscribeTokens.Grant grant = tokens.verify(token).orElseThrow(() -> new InvalidArgumentException(
                "INVALID_UNSUBSCRIBE_TOKEN", List.of(new FieldViolation("token",
                        "not an unsubscribe link of this service, or altered"))));
        if (!store.recipientExists(grant.userId())) {
            // Only ever made for a recipient; a valid signature over an unknown person means the data was reset.
            throw new InvalidArgumentException("INVALID_UNSUBSCRIBE_TOKEN",
                    List.of(new FieldViolation("token", "this link is no longer valid")));
        }
        Map<String, boolean[]> changed = store.preferences(Set.of(grant.userId())).get(grant.userId());
        Delivery current = delivery(changed, grant.kind());
        store.setPreference(grant.userId(), grant.kind().name(), current.inApp(), false);
        return grant.kind();
    }

    /** The link token for {@code userId} and {@code kind}. */
    public String unsubscribeToken(UUID userId, NotificationKind kind) {
        return tokens.issue(userId, kind);
    }

    EmailSchedule schedule(RecipientRow recipient) {
        return scheduleOf(recipient);
    }

    static EmailSchedule scheduleOf(RecipientRow recipient) {
        ZoneId zone;
        try {
            zone = ZoneId.of(recipient.timeZone());
        } catch (DateTimeException stored) {
            zone = ZoneId.of("UTC");
        }
        return new EmailSchedule(zone, recipient.quietStartMinute(), recipient.quietEndMinute());
    }

    static Delivery delivery(Map<String, boolean[]> changed, NotificationKind kind) {
        boolean[] values = changed == null ? null : changed.get(kind.name());
        return values == null ? kind.defaults() : new Delivery(values[0], values[1]);
    }

    private static PreferencesView view(Map<String, boolean[]> changed, EmailSchedule schedule) {
        Map<NotificationKind, Delivery> kinds = new EnumMap<>(NotificationKind.class);
        for (NotificationKind kind : NotificationKind.values()) {
            kinds.put(kind, delivery(changed, kind));
        }
        return new PreferencesView(kinds, schedule);
    }

    private static EmailSchedule parse(ScheduleChange change) {
        try {
            return new EmailSchedule(ZoneId.of(change.timeZone()), change.quietStartMinute(),
                    change.quietEndMinute());
        } catch (DateTimeException unknown) {
            throw new InvalidArgumentException("INVALID_TIME_ZONE", List.of(new FieldViolation("schedule.time_zone",
                    "not an IANA time zone, e.g. Europe/Zurich")));
        }
    }
}
