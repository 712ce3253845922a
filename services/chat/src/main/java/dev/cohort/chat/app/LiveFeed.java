package dev.cohort.chat.app;

/**
 * Where committed changes go to reach live streams (on every replica). Called after the change's transaction
 * committed, never inside it; implementations must not throw (a lost live frame is repaired from PostgreSQL by
 * sequence, a failed request after a commit would not be).
 */
@FunctionalInterface
public interface LiveFeed {

    void publish(LiveChange change);
}
