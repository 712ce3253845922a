package dev.cohort.moderation.app;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.moderation.domain.ReportSubject;
import dev.cohort.moderation.store.ChatFacts;
import dev.cohort.moderation.store.ReportRow;
import dev.cohort.moderation.store.Reports;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import dev.cohort.redis.FixedWindowLimit;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Members' reports (ADR 0057): a message only by a member of its conversation (NOT_FOUND for anyone else, exactly
 * like a message that does not exist), a profile by anyone about anyone else; each member at most a few per window
 * (the shared Redis limit). The open queue: all of it for admins, the reports about their conversations for owners.
 */
public class Reporting {

    static final PageSize PAGE_SIZE = new PageSize(20, 100);
    private static final String LIST = "moderation.open-reports";

    private final ChatFacts chat;
    private final Reports reports;
    private final FixedWindowLimit perMember;
    private final PageTokenCodec pageTokens;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public Reporting(ChatFacts chat, Reports reports, FixedWindowLimit perMember, PageTokenCodec pageTokens,
                     TransactionTemplate transactions, Clock clock) {
        this.chat = chat;
        this.reports = reports;
        this.perMember = perMember;
        this.pageTokens = pageTokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    public ReportView reportMessage(UUID reporter, UUID messageId, String reason) {
        ChatFacts.MessageFact message = chat.visibleMessage(messageId, reporter).orElseThrow(
                () -> new NotFoundException("MESSAGE_NOT_FOUND", "no message " + messageId));
        limit(reporter);
        return save(new ReportRow(UUID.randomUUID(), ReportSubject.MESSAGE, reporter, message.author(),
                message.conversationId(), message.messageId(), message.sequence(), reason, now(), null, null, null,
                null, null));
    }

    public ReportView reportProfile(UUID reporter, UUID userId, String reason) {
        if (reporter.equals(userId)) {
            throw InvalidArgumentException.of("CANNOT_REPORT_SELF", "user_id", "you cannot report yourself");
        }
        if (!chat.userExists(userId)) {
            throw new NotFoundException("USER_NOT_FOUND", "no user " + userId);
        }
        limit(reporter);
        return save(new ReportRow(UUID.randomUUID(), ReportSubject.PROFILE, reporter, userId, null, null, null,
                reason, now(), null, null, null, null, null));
    }

    /** Open reports, oldest first: all for an admin, those about conversations they own for others. */
    public Page<ReportView> listOpen(UUID caller, boolean admin, String pageToken, int pageSize) {
        int size = PAGE_SIZE.resolve(pageSize);
        PageQuery query = PageQuery.of(LIST, caller).with("admin", admin);
        TimeAndId after = pageTokens.decode(query, TimeAndId.FORMAT, pageToken).orElse(null);
        var rows = reports.open(admin ? null : caller, after, size + 1);
        return Page.of(rows, size, last -> pageTokens.encode(query, TimeAndId.FORMAT,
                new TimeAndId(last.createdAt(), last.id()))).map(Reporting::view);
    }

    private void limit(UUID reporter) {
        perMember.tryAcquire(reporter.toString()).ifPresent(wait -> {
            throw new ResourceExhaustedException("REPORT_RATE_LIMITED",
                    "too many reports in a short time; try again later", wait);
        });
    }

    private ReportView save(ReportRow row) {
        transactions.executeWithoutResult(status -> reports.insert(row));
        return view(row);
    }

    private java.time.Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static ReportView view(ReportRow row) {
        return new ReportView(row.id(), row.subject(), row.reporter(), row.reported(), row.conversationId(),
                row.messageId(), row.messageSequence(), row.reason(), row.createdAt(), row.outcome(), row.note(),
                row.resolvedBy(), row.resolvedAt(), row.suspendedUntil());
    }
}
