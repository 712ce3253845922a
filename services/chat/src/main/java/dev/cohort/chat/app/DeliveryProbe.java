package dev.cohort.chat.app;

/**
 * Marks the points a message passes on its way from its send to its readers' streams, so that a benchmark (or a
 * diagnosis) can tell which stage a slow delivery spent its time in. Production runs without one ({@link #NONE},
 * an empty call the JIT compiler removes); the chat benchmark installs one that reads the send time its messages
 * carry in their text and records the time to each stage. Called on the service's hot threads: an implementation
 * must be quick and must not block or throw.
 */
@FunctionalInterface
public interface DeliveryProbe {

    /** Nothing is recorded. */
    DeliveryProbe NONE = (stage, text) -> { };

    /** The stages, in the order a message passes them. */
    enum Stage {
        /** The writer took the send into its lane's queue (after the rate limit and the spam check). */
        ACCEPTED,
        /** The send's batch committed; its ack is about to be answered and the batch published to Redis. */
        COMMITTED,
        /** This replica received the message back from the Redis fan-out (once per replica). */
        RECEIVED,
        /** Its frame was handed to a recipient's gRPC stream (once per recipient stream). */
        WRITTEN
    }

    /** {@code text} (the message's) reached {@code stage}. */
    void reached(Stage stage, String text);
}
