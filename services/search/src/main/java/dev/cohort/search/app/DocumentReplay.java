package dev.cohort.search.app;

import dev.cohort.search.domain.Kind;
import java.util.function.Consumer;

/** Rebuilds one kind's documents from a replay of the topics they come from (events/ implements it over Kafka). */
public interface DocumentReplay {

    /**
     * Rebuilds the documents of {@code kind} beside the live index and then replaces them in one transaction,
     * telling {@code progress} as it goes; searches answer from the live documents until then.
     */
    void rebuild(Kind kind, Consumer<ReindexProgress> progress);
}
