package dev.cohort.search.app;

import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.search.domain.Kind;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reindex (admins, by the contract's access policy): one rebuild at a time per replica, since two would race on
 * the staging table. Several replicas would need a cluster-wide lock (a PostgreSQL advisory lock); not done yet.
 */
public class Reindexing {

    public static final String REINDEX_RUNNING = "REINDEX_RUNNING";

    private final DocumentReplay replay;
    private final AtomicBoolean running = new AtomicBoolean();

    public Reindexing(DocumentReplay replay) {
        this.replay = replay;
    }

    /** Rebuilds {@code kind}; FAILED_PRECONDITION ({@value #REINDEX_RUNNING}) while another rebuild runs. */
    public void reindex(Kind kind, Consumer<ReindexProgress> progress) {
        if (!running.compareAndSet(false, true)) {
            throw new FailedPreconditionException(REINDEX_RUNNING,
                    "a reindex is already running; try again when it has finished");
        }
        try {
            replay.rebuild(kind, progress);
        } finally {
            running.set(false);
        }
    }
}
