package dev.cohort.moderation.api;

import com.google.protobuf.Timestamp;
import dev.cohort.grpc.server.ProtoTimestamps;
import dev.cohort.moderation.app.AuditEntryView;
import dev.cohort.moderation.app.AuditQuery;
import dev.cohort.moderation.app.ReportView;
import dev.cohort.moderation.app.VerificationView;
import dev.cohort.moderation.domain.ReportOutcome;
import dev.cohort.moderation.domain.ReportSubject;
import dev.cohort.moderation.domain.Resolution;
import dev.cohort.moderation.v1.Report;
import dev.cohort.moderation.v1.ResolveReportRequest;
import java.time.Duration;
import dev.cohort.moderation.v1.AuditEntry;
import dev.cohort.moderation.v1.ListAuditEntriesRequest;
import dev.cohort.moderation.v1.VerifyAuditLogResponse;
import dev.cohort.redis.SpamPolicy;
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

    static Report report(ReportView view) {
        Report.Builder report = Report.newBuilder()
                .setReportId(view.id().toString())
                .setSubject(view.subject() == ReportSubject.MESSAGE ? dev.cohort.moderation.v1.ReportSubject.REPORT_SUBJECT_MESSAGE
                        : dev.cohort.moderation.v1.ReportSubject.REPORT_SUBJECT_PROFILE)
                .setReporterUserId(view.reporter().toString())
                .setReportedUserId(view.reported().toString())
                .setReason(view.reason())
                .setCreateTime(ProtoTimestamps.timestamp(view.createdAt()));
        if (view.messageId() != null) {
            report.setConversationId(view.conversationId().toString()).setMessageId(view.messageId().toString())
                    .setMessageSequence(view.messageSequence());
        }
        if (view.outcome() != null) {
            report.setOutcome(dev.cohort.moderation.v1.ReportOutcome.valueOf("REPORT_OUTCOME_" + view.outcome().name()))
                    .setResolutionNote(view.note())
                    .setResolvedByUserId(view.resolvedBy().toString())
                    .setResolveTime(ProtoTimestamps.timestamp(view.resolvedAt()));
        }
        if (view.suspendedUntil() != null) {
            report.setSuspendedUntil(ProtoTimestamps.timestamp(view.suspendedUntil()));
        }
        return report.build();
    }

    static Resolution resolution(ResolveReportRequest request) {
        // The contract's names are the domain's with a prefix (REPORT_OUTCOME_SUSPENDED -> SUSPENDED).
        ReportOutcome outcome = ReportOutcome.valueOf(request.getOutcome().name().substring("REPORT_OUTCOME_".length()));
        Duration suspension = request.hasSuspension()
                ? Duration.ofSeconds(request.getSuspension().getSeconds(), request.getSuspension().getNanos()) : null;
        return new Resolution(outcome, request.getNote().strip(), suspension);
    }

    static dev.cohort.moderation.v1.SpamPolicy spamPolicy(SpamPolicy policy) {
        return dev.cohort.moderation.v1.SpamPolicy.newBuilder()
                .setMaxIdenticalMessages(policy.maxIdenticalMessages()).setMaxLinks(policy.maxLinks())
                .setWindow(com.google.protobuf.Duration.newBuilder().setSeconds(policy.window().getSeconds())
                        .setNanos(policy.window().getNano()))
                .build();
    }

    static SpamPolicy spamPolicy(dev.cohort.moderation.v1.SpamPolicy policy) {
        return new SpamPolicy(policy.getMaxIdenticalMessages(), policy.getMaxLinks(),
                Duration.ofSeconds(policy.getWindow().getSeconds(), policy.getWindow().getNanos()));
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
