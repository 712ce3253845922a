package dev.cohort.moderation.app;

import dev.cohort.events.moderation.ModerationAction;
import dev.cohort.events.moderation.ModerationActionTaken;
import dev.cohort.events.moderation.ReportResolved;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.moderation.domain.ReportOutcome;
import dev.cohort.moderation.domain.Resolution;
import dev.cohort.moderation.store.ReportRow;
import dev.cohort.moderation.store.Reports;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resolving a report (ADR 0058): the action is carried out first by the service that owns it, as the moderator
 * (chat removes the message, identity suspends the account); only then is the report closed, the action recorded
 * in the audit log and published (ModerationActionTaken, and ReportResolved for the reporter), in one transaction.
 * An action that fails leaves the report open; trying again is safe (a message already gone, an account already
 * suspended count as done).
 */
public class Resolving {

    private final Reports reports;
    private final ChatModeration chat;
    private final AccountModeration accounts;
    private final ActionLog actions;
    private final EventEnvelope envelope;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public Resolving(Reports reports, ChatModeration chat, AccountModeration accounts, ActionLog actions,
                     EventEnvelope envelope, TransactionTemplate transactions, Clock clock) {
        this.reports = reports;
        this.chat = chat;
        this.accounts = accounts;
        this.actions = actions;
        this.envelope = envelope;
        this.transactions = transactions;
        this.clock = clock;
    }

    public ReportView resolve(UUID moderator, UUID reportId, Resolution resolution) {
        ReportRow report = reports.find(reportId).orElseThrow(Resolving::notFound);
        requireOpen(report);
        resolution.requireFits(report.subject());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant until = resolution.suspendedUntil(now).orElse(null);
        switch (resolution.outcome()) {
            case MESSAGE_REMOVED -> chat.removeMessage(report.messageId());
            case SUSPENDED -> accounts.suspend(report.reported(), resolution.note(), until);
            case DISMISSED, WARNED -> {
                // Nothing to do elsewhere: a warning reaches its person through the published action.
            }
        }
        return transactions.execute(status -> {
            ReportRow locked = reports.lock(reportId).orElseThrow(Resolving::notFound);
            requireOpen(locked);
            reports.resolve(reportId, resolution.outcome(), resolution.note(), moderator, now, until);
            if (resolution.outcome() != ReportOutcome.DISMISSED) {
                actions.publish(actionTaken(locked, moderator, resolution, until));
            }
            actions.publish(ReportResolved.newBuilder()
                    .setMetadata(envelope.forAggregate(reportId.toString()))
                    .setReportId(reportId.toString())
                    .setReporterUserId(locked.reporter().toString())
                    .setSubject(dev.cohort.events.moderation.ReportSubject.valueOf(locked.subject().name()))
                    .setOutcome(dev.cohort.events.moderation.ReportOutcome.valueOf(resolution.outcome().name()))
                    .setResolvedBy(moderator.toString())
                    .build());
            return Reporting.view(reports.find(reportId).orElseThrow());
        });
    }

    private ModerationActionTaken actionTaken(ReportRow report, UUID moderator, Resolution resolution, Instant until) {
        boolean removal = resolution.outcome() == ReportOutcome.MESSAGE_REMOVED;
        return ModerationActionTaken.newBuilder()
                .setMetadata(envelope.forAggregate(report.reported().toString()))
                .setAction(switch (resolution.outcome()) {
                    case MESSAGE_REMOVED -> ModerationAction.MESSAGE_REMOVED;
                    case SUSPENDED -> ModerationAction.USER_SUSPENDED;
                    default -> ModerationAction.USER_WARNED;
                })
                .setTargetUserId(report.reported().toString())
                .setModeratorUserId(moderator.toString())
                .setNote(resolution.note())
                .setReportId(report.id().toString())
                .setConversationId(removal ? report.conversationId().toString() : null)
                .setMessageId(removal ? report.messageId().toString() : null)
                .setSuspendedUntil(until)
                .build();
    }

    private static void requireOpen(ReportRow report) {
        if (!report.isOpen()) {
            throw new FailedPreconditionException("REPORT_ALREADY_RESOLVED", "the report was resolved already");
        }
    }

    private static NotFoundException notFound() {
        return new NotFoundException("REPORT_NOT_FOUND", "no such report");
    }
}
