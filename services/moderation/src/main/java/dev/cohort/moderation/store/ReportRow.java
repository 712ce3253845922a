package dev.cohort.moderation.store;

import dev.cohort.moderation.domain.ReportOutcome;
import dev.cohort.moderation.domain.ReportSubject;
import java.time.Instant;
import java.util.UUID;

/** A report as stored; the resolution's parts are null while it is open. */
public record ReportRow(UUID id, ReportSubject subject, UUID reporter, UUID reported, UUID conversationId,
                        UUID messageId, Long messageSequence, String reason, Instant createdAt, ReportOutcome outcome,
                        String note, UUID resolvedBy, Instant resolvedAt, Instant suspendedUntil) {

    public boolean isOpen() {
        return outcome == null;
    }
}
