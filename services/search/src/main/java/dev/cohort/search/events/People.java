package dev.cohort.search.events;

import dev.cohort.events.Topics;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.profile.PrivacyChanged;
import dev.cohort.events.profile.ProfileUpdated;
import dev.cohort.events.profile.UserBlocked;
import dev.cohort.events.profile.UserUnblocked;
import dev.cohort.search.app.IndexLag;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.domain.ProfileVisibility;
import dev.cohort.search.store.IndexWrites;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * People: identity's UserRegistered (a person with their display name, classmates-only until they say otherwise),
 * profile's ProfileUpdated (name, program and bio as they now are) and PrivacyChanged (who may find them), and
 * UserBlocked/UserUnblocked (neither of two finds the other while either blocks). Everything search needs comes in
 * these events (ADR 0032): it never asks profile per search. Applied once per event id.
 */
public class People {

    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "search-people";
    /** Names are not stemmed: "Rose" must not match "rosing". */
    static final String NAME_LANGUAGE = "simple";

    private final ProcessedEvents processed;
    private final IndexWrites index;
    private final IndexLag lag;

    public People(ProcessedEvents processed, IndexWrites index, IndexLag lag) {
        this.processed = processed;
        this.index = index;
        this.lag = lag;
    }

    @KafkaListener(topics = {Topics.IDENTITY_USERS, Topics.PROFILE_PROFILES, Topics.PROFILE_RELATIONSHIPS},
            containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.search.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event instanceof UserRegistered registered) {
            person(registered.getMetadata(), () -> {
                index.personKnown(UUID.fromString(registered.getUserId()));
                document(registered, index);
            });
        } else if (event instanceof ProfileUpdated updated) {
            person(updated.getMetadata(), () -> {
                index.personKnown(UUID.fromString(updated.getUserId()));
                document(updated, index);
            });
        } else if (event instanceof PrivacyChanged privacy) {
            person(privacy.getMetadata(), () -> index.privacyChanged(
                    UUID.fromString(privacy.getUserId()),
                    ProfileVisibility.valueOf(privacy.getProfileVisibility().name()),
                    privacy.getMetadata().getOccurredAt()));
        } else if (event instanceof UserBlocked blocked) {
            person(blocked.getMetadata(), () -> index.blocked(
                    UUID.fromString(blocked.getBlockerUserId()), UUID.fromString(blocked.getBlockedUserId())));
        } else if (event instanceof UserUnblocked unblocked) {
            person(unblocked.getMetadata(), () -> index.unblocked(
                    UUID.fromString(unblocked.getBlockerUserId()), UUID.fromString(unblocked.getBlockedUserId())));
        }
        // Suspensions, roles and follows change nothing that is found.
    }

    /**
     * Applies a registration or profile change to the person documents {@code target} writes; privacy and blocks
     * are not documents (they live beside them and are never rebuilt). Used live and by Reindex.
     */
    public void document(SpecificRecord event, IndexWrites target) {
        if (event instanceof UserRegistered registered) {
            target.personChanged(UUID.fromString(registered.getUserId()), NAME_LANGUAGE, registered.getDisplayName(),
                    "", registered.getMetadata().getOccurredAt(), true);
        } else if (event instanceof ProfileUpdated updated) {
            target.personChanged(UUID.fromString(updated.getUserId()), NAME_LANGUAGE, updated.getDisplayName(),
                    about(updated.getProgram(), updated.getBio()), updated.getMetadata().getOccurredAt(), false);
        }
    }

    private void person(EventMetadata metadata, Runnable change) {
        if (processed.applyOnce(CONSUMER, metadata.getEventId().toString(), change)) {
            lag.searchable(Kind.PERSON, metadata.getOccurredAt());
        }
    }

    private static String about(String program, String bio) {
        return program.isEmpty() ? bio : bio.isEmpty() ? program : program + "\n" + bio;
    }
}
