package dev.cohort.moderation.app;

import dev.cohort.events.Topics;
import dev.cohort.events.outbox.Outbox;
import org.apache.avro.specific.SpecificRecord;

/**
 * Moderation's own events: published through the outbox and recorded in the audit log in the same transaction as
 * the change they describe, so an action is in the log the moment it is done (its event, consumed back from Kafka
 * later, finds its entry there and adds nothing).
 */
public class ActionLog {

    private final Outbox outbox;
    private final Auditing auditing;

    public ActionLog(Outbox outbox, Auditing auditing) {
        this.outbox = outbox;
        this.auditing = auditing;
    }

    /** Must run in the transaction of the change. */
    public void publish(SpecificRecord event) {
        outbox.append(Topics.MODERATION_ACTIONS, event);
        auditing.record(EventAudit.of(event).orElseThrow(
                () -> new IllegalArgumentException(event.getSchema().getFullName() + " has no envelope")));
    }
}
