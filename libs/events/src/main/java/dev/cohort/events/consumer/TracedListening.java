package dev.cohort.events.consumer;

import dev.cohort.telemetry.CohortTelemetry;
import dev.cohort.telemetry.TraceMdc;
import io.opentelemetry.instrumentation.spring.kafka.v2_7.SpringKafkaTelemetry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Every consumed event handled in its producer's trace (ADR 61): OpenTelemetry's Spring Kafka instrumentation reads
 * the record's {@code traceparent} header and makes a CONSUMER span current while the listener runs, so the
 * listener's own statements and calls are part of the trace; and its ids are in the listener's log lines.
 */
public final class TracedListening {

    private TracedListening() {
    }

    /** The record interceptor for a listener container factory. */
    public static <K, V> RecordInterceptor<K, V> interceptor(CohortTelemetry telemetry) {
        return SpringKafkaTelemetry.create(telemetry.openTelemetry()).createRecordInterceptor(new LogIds<>());
    }

    /** Runs inside the instrumentation's span: puts its ids into the MDC until the record is done with. */
    private static final class LogIds<K, V> implements RecordInterceptor<K, V> {

        private final ThreadLocal<TraceMdc> current = new ThreadLocal<>();

        @Override
        public ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
            current.set(TraceMdc.ofCurrentSpan());
            return record;
        }

        @Override
        public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
            TraceMdc ids = current.get();
            if (ids != null) {
                current.remove();
                ids.close();
            }
        }
    }
}
