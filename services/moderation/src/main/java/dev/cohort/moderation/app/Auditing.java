package dev.cohort.moderation.app;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.moderation.domain.AuditRecord;
import dev.cohort.moderation.domain.ChainVerification;
import dev.cohort.moderation.domain.ChainedEntry;
import dev.cohort.moderation.store.AuditCheckpoints;
import dev.cohort.moderation.store.AuditFilter;
import dev.cohort.moderation.store.AuditLog;
import dev.cohort.paging.CursorFormat;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log's use cases: record an entry, list entries, verify the chain (ADR 0056). */
public class Auditing {

    static final PageSize PAGE_SIZE = new PageSize(50, 200);
    private static final String LIST = "moderation.audit-entries";

    private final AuditLog log;
    private final PageTokenCodec pageTokens;
    private final TransactionTemplate transactions;
    private final Optional<AuditCheckpoints> checkpoints;

    /** {@code checkpoints}: where the head is anchored outside the database; empty without an object store. */
    public Auditing(AuditLog log, PageTokenCodec pageTokens, TransactionTemplate transactions,
                    Optional<AuditCheckpoints> checkpoints) {
        this.log = log;
        this.pageTokens = pageTokens;
        this.transactions = transactions;
        this.checkpoints = checkpoints;
    }

    /**
     * Records {@code record} in the caller's transaction, or in one of its own when there is none; an event
     * recorded before is not recorded again.
     */
    public void record(AuditRecord record) {
        transactions.executeWithoutResult(status -> log.append(record));
    }

    /** A page of entries matching {@code query}, newest first. */
    public Page<AuditEntryView> list(UUID caller, AuditQuery query, String pageToken, int pageSize) {
        if (query.from() != null && query.until() != null && !query.from().isBefore(query.until())) {
            throw InvalidArgumentException.of("INVALID_TIME_RANGE", "occurred_before",
                    "must be after occurred_after");
        }
        int size = PAGE_SIZE.resolve(pageSize);
        PageQuery pageQuery = PageQuery.of(LIST, caller).with("actor", query.actor()).with("subject", query.subject())
                .with("kind", query.kind()).with("from", query.from()).with("until", query.until());
        long before = pageTokens.decode(pageQuery, CursorFormat.SEQUENCE, pageToken).orElse(0L);
        List<ChainedEntry> rows = log.find(new AuditFilter(query.actor(), query.subject(), query.kind(), query.from(),
                query.until()), before, size + 1);
        return Page.of(rows, size, last -> pageTokens.encode(pageQuery, CursorFormat.SEQUENCE, last.sequence()))
                .map(Auditing::view);
    }

    /**
     * Walks the whole chain; reports the first entry that breaks it, counting entries the newest checkpoint names
     * but the log no longer has. The checkpoint is read first: one written during the walk is not needed.
     */
    public VerificationView verify() {
        ChainVerification verification = new ChainVerification();
        checkpoints.flatMap(AuditCheckpoints::newest).ifPresent(verification::anchorAt);
        // One snapshot of the log and its head (repeatable read), so appends during the walk cannot look like
        // entries past the head.
        TransactionTemplate snapshot = new TransactionTemplate(transactions.getTransactionManager());
        snapshot.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        snapshot.executeWithoutResult(status -> log.verify(verification));
        return new VerificationView(!verification.isBroken(), verification.checked(), verification.firstBroken(),
                verification.problem(), verification.headHash());
    }

    private static AuditEntryView view(ChainedEntry entry) {
        AuditRecord record = entry.record();
        return new AuditEntryView(entry.sequence(), record.kind(), record.actor(), record.subject(),
                record.occurredAt(), entry.recordedAt(), record.eventId(), record.details(),
                HexFormat.of().formatHex(entry.hash()));
    }
}
