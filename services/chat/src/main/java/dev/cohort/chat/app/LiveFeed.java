package dev.cohort.chat.app;

import java.util.List;

/**
 * Where committed changes go to reach live streams (on every replica). Called after the change's transaction
 * committed, never inside it; implementations must not throw (a lost live frame is repaired from PostgreSQL by
 * sequence, a failed request after a commit would not be).
 */
@FunctionalInterface
public interface LiveFeed {

    void publish(LiveChange change);

    /**
     * Publishes several committed changes, in order (a writer batch's messages). Implementations may send them
     * together; the default publishes them one by one.
     */
    default void publishAll(List<LiveChange> changes) {
        changes.forEach(this::publish);
    }
}
