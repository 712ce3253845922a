package dev.cohort.profile.app;

import dev.cohort.objectstore.ObjectStore;
import dev.cohort.profile.store.AvatarUploadEntity;
import dev.cohort.profile.store.AvatarUploadRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what avatar uploads that were never confirmed left in the object store (ADR 0039). Every upload is
 * recorded before its presigned PUT is handed out; once its URL and id have expired and a margin has passed (a PUT
 * sent just before expiry may still be arriving), nothing can confirm it any more: the sweep deletes its object,
 * then its record. A confirmed upload's record goes the same way (confirming deleted the object already; a delete
 * that failed there is repeated here). Each round takes a bounded batch, oldest first. Deleting an absent object
 * or record changes nothing, so replicas sweeping at once, or a round cut short, only repeat work; an object the
 * store would not delete keeps its record for the next round. The store is never called inside a transaction.
 */
public class AvatarUploadSweep {

    private static final Logger log = LoggerFactory.getLogger(AvatarUploadSweep.class);

    private final AvatarUploadRepository uploads;
    private final ObjectStore store;
    private final TransactionTemplate transactions;
    private final Duration margin;
    private final int batchSize;
    private final Clock clock;

    public AvatarUploadSweep(AvatarUploadRepository uploads, ObjectStore store, TransactionTemplate transactions,
                             Duration margin, int batchSize, Clock clock) {
        if (margin.isNegative() || batchSize < 1) {
            throw new IllegalArgumentException("the margin must not be negative and the batch at least 1");
        }
        this.uploads = uploads;
        this.store = store;
        this.transactions = transactions;
        this.margin = margin;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** A round on the schedule of {@code cohort.profile.avatar-upload-sweep-interval}. */
    @Scheduled(initialDelayString = "${cohort.profile.avatar-upload-sweep-interval:5m}",
            fixedDelayString = "${cohort.profile.avatar-upload-sweep-interval:5m}")
    public void sweepNow() {
        int cleared = sweep(clock.instant());
        if (cleared > 0) {
            log.atInfo().addKeyValue("uploads", cleared).log("Swept expired avatar uploads");
        }
    }

    /**
     * One round as of {@code now}: at most a batch of the uploads that expired more than the margin before it,
     * oldest first, their objects deleted, then their records. Answers how many were cleared.
     */
    public int sweep(Instant now) {
        List<AvatarUploadEntity> expired = transactions.execute(status ->
                uploads.findByExpiresAtBeforeOrderByExpiresAtAsc(now.minus(margin), Limit.of(batchSize)));
        List<UUID> cleared = new ArrayList<>(expired.size());
        for (AvatarUploadEntity upload : expired) {
            try {
                store.delete(upload.objectKey());
                cleared.add(upload.uploadId());
            } catch (RuntimeException failure) {
                log.atWarn().addKeyValue("uploadId", upload.uploadId()).setCause(failure)
                        .log("Could not delete an expired avatar upload's object; the next round tries again");
            }
        }
        if (!cleared.isEmpty()) {
            transactions.executeWithoutResult(status -> uploads.deleteAllByIdInBatch(cleared));
        }
        return cleared.size();
    }
}
