package dev.cohort.moderation.app;

import dev.cohort.moderation.domain.AuditCheckpoint;
import dev.cohort.moderation.store.AuditCheckpoints;
import dev.cohort.moderation.store.AuditLog;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Periodically anchors the audit log's head outside its database (ADR 0067), when the head has moved since the last
 * checkpoint. Replicas may both write one: a checkpoint of an entry that has one already is not written again.
 */
public class Checkpointing {

    private static final Logger log = LoggerFactory.getLogger(Checkpointing.class);

    private final AuditLog audit;
    private final AuditCheckpoints checkpoints;
    private volatile long lastWritten;

    public Checkpointing(AuditLog audit, AuditCheckpoints checkpoints) {
        this.audit = audit;
        this.checkpoints = checkpoints;
    }

    /** Writes a checkpoint of the current head if it is new; returns the head checkpointed, if any. */
    @Scheduled(initialDelayString = "${cohort.moderation.audit-checkpoint-interval:1m}",
            fixedDelayString = "${cohort.moderation.audit-checkpoint-interval:1m}")
    public Optional<AuditCheckpoint> checkpoint() {
        Optional<AuditCheckpoint> head = audit.head().filter(current -> current.sequence() != lastWritten);
        head.ifPresent(current -> {
            if (checkpoints.write(current)) {
                log.atDebug().addKeyValue("sequence", current.sequence()).log("audit log checkpoint written");
            }
            lastWritten = current.sequence();
        });
        return head;
    }
}
