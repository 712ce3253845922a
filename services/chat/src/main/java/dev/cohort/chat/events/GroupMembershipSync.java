package dev.cohort.chat.events;

import dev.cohort.chat.app.GroupConversations;
import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.GroupMemberList;
import dev.cohort.events.consumer.ProcessedEvents;
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
        GroupMemberList.of(record.value()).ifPresent(list -> processed.applyOnce(CONSUMER, list.eventId(), () -> {
            if (list.disbanded()) {
                groups.disbanded(list.groupId(), list.version());
            } else {
                groups.membersAre(list.groupId(), list.name(), list.ownerId(), list.version(), list.memberIds());
            }
        }));
    }
}
