package dev.cohort.identity.app;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes the mail relay once the transaction that queued an e-mail has committed, so that a link arrives in seconds
 * rather than at the relay's next round; a rolled-back transaction wakes nobody.
 */
public class MailRelayWakeup {

    private final Runnable wake;

    public MailRelayWakeup(Runnable wake) {
        this.wake = wake;
    }

    public void afterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wake.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake.run();
            }
        });
    }
}
