package dev.cohort.notification.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupDisbanded;
import dev.cohort.events.group.GroupMembershipChanged;
import dev.cohort.events.group.GroupOwnershipTransferred;
import dev.cohort.events.group.JoinRequestRejected;
import dev.cohort.events.group.JoinRequested;
import dev.cohort.events.group.MembershipChange;
import dev.cohort.notification.app.Happenings;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Group's events: join requests and their answers, groups disbanded or handed over. */
public class GroupChanges extends Consumers {

    public static final String TOPIC = Topics.GROUP_GROUPS;
    public static final String CONSUMER = "notification-groups";

    private final Happenings happenings;

    public GroupChanges(ProcessedEvents processed, Happenings happenings) {
        super(processed, CONSUMER);
        this.happenings = happenings;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.notification.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event instanceof GroupCreated created) {
            once(created.getMetadata().getEventId(), () -> happenings.groupCreated(id(created.getGroupId()),
                    created.getName().toString()));
        } else if (event instanceof JoinRequested requested) {
            once(requested.getMetadata().getEventId(), () -> happenings.joinRequested(id(requested.getGroupId()),
                    id(requested.getSectionId()), id(requested.getUserId()), id(requested.getOwnerUserId()),
                    requested.getMessage().toString()));
        } else if (event instanceof JoinRequestRejected rejected) {
            once(rejected.getMetadata().getEventId(), () -> happenings.joinRejected(id(rejected.getGroupId()),
                    id(rejected.getSectionId()), id(rejected.getUserId()), id(rejected.getRejectedBy())));
        } else if (event instanceof GroupMembershipChanged changed) {
            if (changed.getChange() == MembershipChange.JOINED) {
                once(changed.getMetadata().getEventId(), () -> happenings.joined(id(changed.getGroupId()),
                        id(changed.getSectionId()), id(changed.getUserId()), idOrNull(changed.getChangedBy())));
            }
        } else if (event instanceof GroupOwnershipTransferred transferred) {
            once(transferred.getMetadata().getEventId(), () -> happenings.handedOver(id(transferred.getGroupId()),
                    id(transferred.getSectionId()), id(transferred.getNewOwnerUserId()),
                    idOrNull(transferred.getTransferredBy())));
        } else if (event instanceof GroupDisbanded disbanded) {
            once(disbanded.getMetadata().getEventId(), () -> happenings.disbanded(id(disbanded.getGroupId()),
                    id(disbanded.getSectionId()), idOrNull(disbanded.getDisbandedBy()),
                    disbanded.getFormerMemberIds().stream().map(Consumers::id).toList()));
        }
    }
}
