package dev.cohort.events.consumer;

import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What happens to an event a consumer cannot apply. It is retried in place with exponential backoff — blocking its
 * partition meanwhile, so a later event of the same key is never applied before it — and after the last attempt
 * it is parked in {@code <topic>.dlq} with the error in the record headers, and the partition moves on. Records
 * that cannot even be decoded (bad magic byte, unknown schema id) are parked at once: retrying cannot help them.
 */
public final class DeadLetterRouting {

    public static final String DLQ_SUFFIX = ".dlq";
    /** Header with the root cause in one line (Spring's own headers carry the outer exception and stack trace). */
    public static final String REASON_HEADER = "cohort-dlq-reason";

    private DeadLetterRouting() {
    }

    public static String deadLetterTopicOf(String topic) {
        return topic + DLQ_SUFFIX;
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<Object, Object> deadLetterPublisher, int maxAttempts,
                                                   java.time.Duration initialInterval, java.time.Duration maxInterval) {
        return errorHandler(deadLetterPublisher, maxAttempts, initialInterval, maxInterval, parked -> { });
    }

    /** As above; {@code onParked} hears of each record once it is in its dead-letter topic (to count them). */
    public static DefaultErrorHandler errorHandler(KafkaOperations<Object, Object> deadLetterPublisher, int maxAttempts,
                                                   java.time.Duration initialInterval, java.time.Duration maxInterval,
                                                   java.util.function.Consumer<ConsumerRecord<?, ?>> onParked) {
        BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination =
                (record, error) -> new TopicPartition(deadLetterTopicOf(record.topic()), -1);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetterPublisher, destination);
        recoverer.setHeadersFunction((record, error) -> new org.apache.kafka.common.header.internals.RecordHeaders(
                new org.apache.kafka.common.header.Header[] {new org.apache.kafka.common.header.internals.RecordHeader(
                        REASON_HEADER, reasonOf(error).getBytes(java.nio.charset.StandardCharsets.UTF_8))}));
        ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), 2.0);
        backOff.setMaxInterval(maxInterval.toMillis());
        backOff.setMaxAttempts(Math.max(0, maxAttempts - 1));
        DefaultErrorHandler handler = new DefaultErrorHandler((record, error) -> {
            recoverer.accept(record, error);
            onParked.accept(record);
        }, backOff);
        handler.addNotRetryableExceptions(DeserializationException.class, IllegalArgumentException.class);
        return handler;
    }

    static String reasonOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
