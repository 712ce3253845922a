package dev.cohort.bench.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * The relay's producer, exactly as production configures it, plus bookkeeping the relay cannot offer: time spent in
 * {@code send()} (values arrive framed by the relay) and in {@code flush()} (waiting for the batch's
 * acknowledgements), acknowledgement counts and, when a listener is set, the moment each event is acknowledged.
 *
 * <p>{@link #close} is a no-op so that one producer (connected, with its producer id)
 * serves the warm-up and every measured relay, as one long-lived relay would; {@link #shutdown} really closes it.
 */
final class RelayProducer extends KafkaProducer<String, byte[]> {

    /** Told when an event (by its {@code cohort-event-id} header) is acknowledged, with {@link System#nanoTime()}. */
    interface AckListener {
        void acknowledged(String eventId, long nanoTime);
    }

    private final LongAdder sendNanos = new LongAdder();
    private final LongAdder flushNanos = new LongAdder();
    private final LongAdder flushes = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile AckListener listener;

    RelayProducer(Map<String, Object> config) {
        super(config);
    }

    void listener(AckListener listener) {
        this.listener = listener;
    }

    void resetCounters() {
        sendNanos.reset();
        flushNanos.reset();
        flushes.reset();
        acknowledged.reset();
        failed.reset();
    }

    long sendNanos() {
        return sendNanos.sum();
    }

    long flushNanos() {
        return flushNanos.sum();
    }

    long flushes() {
        return flushes.sum();
    }

    long acknowledged() {
        return acknowledged.sum();
    }

    long failed() {
        return failed.sum();
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        AckListener ackListener = listener;
        String eventId = ackListener == null ? null : eventId(record);
        Callback counting = (metadata, exception) -> {
            if (exception == null) {
                acknowledged.increment();
                if (ackListener != null) {
                    ackListener.acknowledged(eventId, System.nanoTime());
                }
            } else {
                failed.increment();
            }
            if (callback != null) {
                callback.onCompletion(metadata, exception);
            }
        };
        long start = System.nanoTime();
        try {
            return super.send(record, counting);
        } finally {
            sendNanos.add(System.nanoTime() - start);
        }
    }

    @Override
    public void flush() {
        long start = System.nanoTime();
        try {
            super.flush();
        } finally {
            flushNanos.add(System.nanoTime() - start);
            flushes.increment();
        }
    }

    @Override
    public void close() {
        // shared across relays: see the class comment
    }

    @Override
    public void close(Duration timeout) {
        // shared across relays: see the class comment
    }

    void shutdown() {
        super.close(Duration.ofSeconds(5));
    }

    private static String eventId(ProducerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader("cohort-event-id");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
