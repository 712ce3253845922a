package dev.cohort.profile.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.GroupMemberList;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.profile.app.Classmates;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Group's events: members of one study group are classmates. Every event carries the whole member list and its
 * version, applied once per event id and only when newer than the last applied; a disbanded group has no members.
 */
public class GroupMemberships {

    public static final String TOPIC = Topics.GROUP_GROUPS;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "profile-groups";

    private final ProcessedEvents processed;
    private final Classmates classmates;

    public GroupMemberships(ProcessedEvents processed, Classmates classmates) {
        this.processed = processed;
        this.classmates = classmates;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.profile.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        GroupMemberList.of(record.value()).ifPresent(list -> processed.applyOnce(CONSUMER, list.eventId(), () -> {
            if (list.disbanded()) {
                classmates.groupDisbanded(list.groupId(), list.version());
            } else {
                classmates.groupMembersAre(list.groupId(), list.version(), list.memberIds());
            }
        }));
    }
}
