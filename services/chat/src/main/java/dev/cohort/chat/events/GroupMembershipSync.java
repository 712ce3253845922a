package dev.cohort.chat.events;

import dev.cohort.chat.app.GroupConversations;
import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupOwnershipTransferred;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The group service's events, applied to group conversations once per event id (redeliveries are skipped);
 * failures are retried in place and then dead-lettered by the platform's listener factory (ADR 0011).
 */
public class GroupMembershipSync {

    public static final String TOPIC = Topics.GROUP_GROUPS;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "chat-group-membership";

    private final ProcessedEvents processed;
    private final GroupConversations groups;

    public GroupMembershipSync(ProcessedEvents processed, GroupConversations groups) {
        this.processed = processed;
        this.groups = groups;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.chat.group-consumer-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event instanceof GroupCreated created) {
            apply(created.getMetadata().getEventId(), () -> groups.membersAre(id(created.getGroupId()),
                    created.getName(), id(created.getOwnerUserId()), created.getMemberListVersion(),
                    ids(created.getMemberIds())));
        } else if (event instanceof GroupMembershipChanged changed) {
            apply(changed.getMetadata().getEventId(), () -> groups.membersAre(id(changed.getGroupId()), null,
                    id(changed.getOwnerUserId()), changed.getMemberListVersion(), ids(changed.getMemberIds())));
        } else if (event instanceof GroupOwnershipTransferred transferred) {
            apply(transferred.getMetadata().getEventId(), () -> groups.membersAre(id(transferred.getGroupId()), null,
                    id(transferred.getNewOwnerUserId()), transferred.getMemberListVersion(),
                    ids(transferred.getMemberIds())));
        } else if (event instanceof GroupDisbanded disbanded) {
            apply(disbanded.getMetadata().getEventId(), () -> groups.disbanded(id(disbanded.getGroupId()),
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
