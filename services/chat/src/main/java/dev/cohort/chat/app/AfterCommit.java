package dev.cohort.chat.app;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Live frames go out only for changes that committed: never for one that might still roll back. */
final class AfterCommit {

    private AfterCommit() {
    }

    static void publish(LiveFeed live, LiveChange change) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            live.publish(change);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                live.publish(change);
            }
        });
    }
}
