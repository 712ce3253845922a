package dev.cohort.notification.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.moderation.ModerationActionTaken;
import dev.cohort.events.moderation.ReportResolved;
import dev.cohort.events.moderation.ReportSubject;
import dev.cohort.notification.app.Happenings;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Moderation's outcomes: a reporter learns what became of their report, and a person acted on learns what a
 * moderator did and why. Moderators stay unnamed in both (a moderator is the platform speaking, and naming one
 * invites retaliation).
 */
public class ModerationOutcomes extends Consumers {

    public static final String TOPIC = Topics.MODERATION_ACTIONS;
    public static final String CONSUMER = "notification-moderation";

    private final Happenings happenings;

    public ModerationOutcomes(ProcessedEvents processed, Happenings happenings) {
        super(processed, CONSUMER);
        this.happenings = happenings;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.notification.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof ReportResolved resolved) {
            once(resolved.getMetadata().getEventId(), () -> happenings.reportResolved(
                    id(resolved.getReporterUserId()), resolved.getSubject() == ReportSubject.MESSAGE,
                    resolved.getOutcome().name()));
        } else if (record.value() instanceof ModerationActionTaken action) {
            once(action.getMetadata().getEventId(), () -> happenings.moderated(id(action.getTargetUserId()),
                    action.getAction().name(), action.getNote().toString()));
        }
    }
}
