package dev.cohort.identity.app;

import dev.cohort.identity.events.IdentityEvents;
import dev.cohort.identity.store.UserEntity;
import dev.cohort.identity.store.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends suspensions for a time without anyone acting (ADR 0067). A periodic sweep lifts every suspension whose end
 * has passed; sign-in and refresh lift an ended one on the spot, so nobody is refused after their end because the
 * sweep has not come round yet. Either way the account is reinstated exactly as ReinstateUser does it, and the same
 * UserReinstated event is appended to the outbox in the transaction that makes the change, naming the admin who
 * set the suspension.
 */
public class SuspensionEnds {

    private static final Logger log = LoggerFactory.getLogger(SuspensionEnds.class);
    /** Accounts lifted per transaction; a sweep loops until none is left. */
    private static final int BATCH = 100;

    private final UserRepository users;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public SuspensionEnds(UserRepository users, IdentityEvents events, TransactionTemplate transactions, Clock clock) {
        this.users = users;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Periodically: reinstates every account whose suspension has ended. Returns how many. */
    @Scheduled(initialDelayString = "${cohort.identity.suspensions.sweep-interval:30s}",
            fixedDelayString = "${cohort.identity.suspensions.sweep-interval:30s}")
    public int sweep() {
        int lifted = 0;
        int batch;
        do {
            batch = transactions.execute(status -> {
                Instant now = clock.instant();
                List<UserEntity> ended = users.findEndedSuspensionsForUpdate(now, Limit.of(BATCH));
                ended.forEach(user -> lift(user, now));
                return ended.size();
            });
            lifted += batch;
        } while (batch == BATCH);
        if (lifted > 0) {
            log.atInfo().addKeyValue("accounts", lifted).log("suspensions ended; accounts reinstated");
        }
        return lifted;
    }

    /**
     * Inside the caller's transaction: reinstates {@code user} if its suspension has ended at {@code now}. Returns
     * whether the account is (now) usable as far as suspension goes.
     */
    public boolean liftIfEnded(UserEntity user, Instant now) {
        if (user.suspensionEndedAt(now)) {
            lift(user, now);
        }
        return !user.isSuspended();
    }

    private void lift(UserEntity user, Instant now) {
        String suspendedBy = user.suspendedBy().toString(); // set with every suspension for a time
        user.reinstate(now);
        events.reinstated(user, suspendedBy);
    }
}
