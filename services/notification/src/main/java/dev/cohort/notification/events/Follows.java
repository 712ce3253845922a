package dev.cohort.notification.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.profile.UserFollowed;
import dev.cohort.notification.app.Happenings;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Profile's relationships: a new follower. */
public class Follows extends Consumers {

    public static final String TOPIC = Topics.PROFILE_RELATIONSHIPS;
    public static final String CONSUMER = "notification-follows";

    private final Happenings happenings;

    public Follows(ProcessedEvents processed, Happenings happenings) {
        super(processed, CONSUMER);
        this.happenings = happenings;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.notification.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof UserFollowed followed) {
            once(followed.getMetadata().getEventId(), () -> happenings.followed(id(followed.getFollowerUserId()),
                    id(followed.getFollowedUserId())));
        }
    }
}
