package dev.cohort.chat.events;

import dev.cohort.chat.app.Contacts;
import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.profile.PrivacyChanged;
import dev.cohort.events.profile.UserBlocked;
import dev.cohort.events.profile.UserFollowed;
import dev.cohort.events.profile.UserUnblocked;
import dev.cohort.events.profile.UserUnfollowed;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Profile's privacy settings, follows and blocks, recorded once per event id as chat's own projection, from which
 * chat decides who may reach whom without calling profile (ADR 0036). Settings carry the full state and when they
 * changed, so only a newer change is kept; follows and blocks are keyed by the follower or blocker, so the changes
 * of one pair arrive in order. Other events of the topics (ProfileUpdated) are not chat's concern and are skipped.
 */
public class ProfileContacts {

    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "chat-contacts";

    private final ProcessedEvents processed;
    private final Contacts contacts;

    public ProfileContacts(ProcessedEvents processed, Contacts contacts) {
        this.processed = processed;
        this.contacts = contacts;
    }

    @KafkaListener(topics = {Topics.PROFILE_PROFILES, Topics.PROFILE_RELATIONSHIPS},
            containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.chat.profile-consumer-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        Object event = record.value();
        if (event instanceof PrivacyChanged privacy) {
            once(privacy.getMetadata().getEventId(), () -> contacts.privacyChanged(uuid(privacy.getUserId()),
                    privacy.getDirectMessages().name(), privacy.getChannelInvites().name(), privacy.getChangedAt()));
        } else if (event instanceof UserFollowed followed) {
            once(followed.getMetadata().getEventId(), () -> contacts.followed(uuid(followed.getFollowerUserId()),
                    uuid(followed.getFollowedUserId())));
        } else if (event instanceof UserUnfollowed unfollowed) {
            once(unfollowed.getMetadata().getEventId(), () -> contacts.unfollowed(
                    uuid(unfollowed.getFollowerUserId()), uuid(unfollowed.getFollowedUserId())));
        } else if (event instanceof UserBlocked blocked) {
            once(blocked.getMetadata().getEventId(), () -> contacts.blocked(uuid(blocked.getBlockerUserId()),
                    uuid(blocked.getBlockedUserId())));
        } else if (event instanceof UserUnblocked unblocked) {
            once(unblocked.getMetadata().getEventId(), () -> contacts.unblocked(uuid(unblocked.getBlockerUserId()),
                    uuid(unblocked.getBlockedUserId())));
        }
    }

    private void once(Object eventId, Runnable effect) {
        processed.applyOnce(CONSUMER, eventId.toString(), effect);
    }

    private static UUID uuid(CharSequence id) {
        return UUID.fromString(id.toString());
    }
}
