package dev.cohort.chat.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cohort.chat.store.ContactStore;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who is kept apart from whom by a block (either direction), read from chat's projection and kept in memory: the
 * send path and live delivery ask per message and per frame, so each user's set is loaded once (one indexed query)
 * and then answered from memory. The consumer that applies a block or unblock drops both users' sets after its
 * commit; other replicas (which do not see the event, the consumer group gives it to one) drop theirs when they
 * expire, after {@code expiry} at most (ADR 0036).
 */
public class Blocks {

    private final ContactStore store;
    private final Cache<UUID, Set<UUID>> blockedWith;

    public Blocks(ContactStore store, Duration expiry, long maxUsers) {
        this.store = store;
        this.blockedWith = Caffeine.newBuilder().expireAfterWrite(expiry).maximumSize(maxUsers).build();
    }

    /** Whether {@code a} blocked {@code b} or {@code b} blocked {@code a}. */
    public boolean between(UUID a, UUID b) {
        return !a.equals(b) && of(a).contains(b);
    }

    /** Whether {@code user} and any of {@code others} are kept apart by a block. */
    public boolean anyWith(UUID user, Collection<UUID> others) {
        Set<UUID> blocked = of(user);
        if (blocked.isEmpty()) {
            return false;
        }
        for (UUID other : others) {
            if (blocked.contains(other)) {
                return true;
            }
        }
        return false;
    }

    /** Everyone {@code user} blocked or was blocked by. */
    public Set<UUID> of(UUID user) {
        return blockedWith.get(user, id -> Set.copyOf(store.blockedEitherWay(id)));
    }

    /** {@code blocker} blocked {@code blocked}; in the caller's transaction, visible here once it commits. */
    void blocked(UUID blocker, UUID blocked) {
        store.block(blocker, blocked);
        forgetAfterCommit(blocker, blocked);
    }

    void unblocked(UUID blocker, UUID blocked) {
        store.unblock(blocker, blocked);
        forgetAfterCommit(blocker, blocked);
    }

    private void forgetAfterCommit(UUID a, UUID b) {
        blockedWith.invalidate(a);
        blockedWith.invalidate(b);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Also after the commit: a reader between the two would have loaded (and kept) the old rows.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    blockedWith.invalidate(a);
                    blockedWith.invalidate(b);
                }
            });
        }
    }
}
