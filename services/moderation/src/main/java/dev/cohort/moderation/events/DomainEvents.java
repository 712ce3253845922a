package dev.cohort.moderation.events;

import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.moderation.app.Auditing;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Every event of every domain topic, each applied once: recorded in the audit log, and, for chat's members and
 * messages, kept as the facts reports are checked against. One listener for all topics, so that moderation's one
 * consumer group reads every partition of each (two listeners of one group on one topic would share it out).
 */
public class DomainEvents {

    public static final String CONSUMER = "moderation-events";

    private final ProcessedEvents processed;
    private final Auditing auditing;

    public DomainEvents(ProcessedEvents processed, Auditing auditing) {
        this.processed = processed;
        this.auditing = auditing;
    }

    @KafkaListener(topics = "#{T(dev.cohort.moderation.events.AuditedTopics).all()}",
            containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.moderation.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() == null) {
            return;
        }
        EventAudit.of(record.value()).ifPresent(entry -> processed.applyOnce(CONSUMER, entry.eventId().toString(),
                () -> auditing.record(entry)));
    }
}
