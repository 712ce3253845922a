package dev.cohort.moderation.api;

import com.google.protobuf.Timestamp;
import dev.cohort.grpc.server.ProtoTimestamps;
import dev.cohort.moderation.app.AuditEntryView;
import dev.cohort.moderation.app.AuditQuery;
import dev.cohort.moderation.app.VerificationView;
import dev.cohort.moderation.v1.AuditEntry;
import dev.cohort.moderation.v1.ListAuditEntriesRequest;
import dev.cohort.moderation.v1.VerifyAuditLogResponse;
import java.time.Instant;
import java.util.UUID;

/** Contract messages to the use cases' inputs and their views back. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static AuditQuery auditQuery(ListAuditEntriesRequest request) {
        return new AuditQuery(uuidOrNull(request.getActorUserId()), emptyToNull(request.getSubject()),
                emptyToNull(request.getKind()),
                request.hasOccurredAfter() ? instant(request.getOccurredAfter()) : null,
                request.hasOccurredBefore() ? instant(request.getOccurredBefore()) : null);
    }

    static AuditEntry auditEntry(AuditEntryView view) {
        return AuditEntry.newBuilder()
                .setSequence(view.sequence())
                .setKind(view.kind())
                .setActorUserId(view.actor() == null ? "" : view.actor().toString())
                .setSubject(view.subject())
                .setOccurredAt(ProtoTimestamps.timestamp(view.occurredAt()))
                .setRecordedAt(ProtoTimestamps.timestamp(view.recordedAt()))
                .setEventId(view.eventId().toString())
                .setDetails(view.details())
                .setHash(view.hash())
                .build();
    }

    static VerifyAuditLogResponse verification(VerificationView view) {
        return VerifyAuditLogResponse.newBuilder().setIntact(view.intact()).setEntriesChecked(view.entriesChecked())
                .setFirstBrokenSequence(view.firstBrokenSequence()).setProblem(view.problem())
                .setHeadHash(view.headHash()).build();
    }

    static UUID uuidOrNull(String id) {
        return id.isEmpty() ? null : UUID.fromString(id);
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
