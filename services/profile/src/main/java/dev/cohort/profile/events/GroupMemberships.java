package dev.cohort.profile.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupOwnershipTransferred;
import dev.cohort.profile.app.Classmates;
import java.util.List;
import java.util.UUID;
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
        SpecificRecord event = record.value();
        if (event instanceof GroupCreated created) {
            apply(created.getMetadata().getEventId(), () -> classmates.groupMembersAre(id(created.getGroupId()),
                    created.getMemberListVersion(), ids(created.getMemberIds())));
        } else if (event instanceof GroupMembershipChanged changed) {
            apply(changed.getMetadata().getEventId(), () -> classmates.groupMembersAre(id(changed.getGroupId()),
                    changed.getMemberListVersion(), ids(changed.getMemberIds())));
        } else if (event instanceof GroupOwnershipTransferred transferred) {
            apply(transferred.getMetadata().getEventId(), () -> classmates.groupMembersAre(
                    id(transferred.getGroupId()), transferred.getMemberListVersion(),
                    ids(transferred.getMemberIds())));
        } else if (event instanceof GroupDisbanded disbanded) {
            apply(disbanded.getMetadata().getEventId(), () -> classmates.groupDisbanded(id(disbanded.getGroupId()),
                    disbanded.getMemberListVersion()));
        }
    }

    private void apply(Object eventId, Runnable effect) {
        processed.applyOnce(CONSUMER, eventId.toString(), effect);
    }

    private static UUID id(String value) {
        return UUID.fromString(value);
    }

    private static List<UUID> ids(List<String> values) {
        return values.stream().map(UUID::fromString).toList();
    }
}
