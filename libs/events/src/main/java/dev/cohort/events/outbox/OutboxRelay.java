package dev.cohort.events.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka, at least once and in order per key, from any number of service replicas.
 *
 * <p>Each round visits the outbox partitions; for each it takes a transaction-scoped advisory lock (another
 * replica holding it means that partition is being published — skip it), reads the oldest unsent rows in id
 * order, sends them with the idempotent producer ({@code acks=all}), waits for every acknowledgement and only then
 * marks them sent and commits. A crash between publishing and committing publishes those rows again (consumers
 * deduplicate on the event id); a failed send rolls the marks back and the relay backs off exponentially while
 * Kafka is unreachable. Producers keep per-key order in the outbox by changing one aggregate at a time (they lock
 * the aggregate's row), so id order is commit order for each key.
 */
public class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_BASE = 0x636f686f72744fL << 8; // "cohortO" + partition

    static {
        // Outbox rows are decoded into generated event classes, which Avro only instantiates when trusted.
        dev.cohort.events.serde.TrustedEventClasses.trustPackage(dev.cohort.events.serde.TrustedEventClasses.EVENTS_PACKAGE);
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Producer<String, SpecificRecord> producer;
    private final RelaySettings settings;
    private final ScheduledExecutorService loop;
    private final AtomicLong published = new AtomicLong();
    /** One reader per event type; the relay's loop is its only user. */
    private final java.util.Map<String, SpecificDatumReader<SpecificRecord>> readers = new java.util.HashMap<>();
    private final AtomicReference<Duration> currentDelay;
    private volatile boolean running;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, Producer<String, SpecificRecord> producer,
                       RelaySettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.producer = producer;
        this.settings = settings;
        this.currentDelay = new AtomicReference<>(settings.pollInterval());
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Publishes in the background until {@link #close()}. */
    public void start() {
        running = true;
        loop.schedule(this::round, 0, TimeUnit.MILLISECONDS);
    }

    /** Exposes outbox lag (age of the oldest unsent row), backlog and throughput. */
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("cohort.outbox.lag", this, OutboxRelay::lagSeconds).baseUnit("seconds")
                .description("age of the oldest event not yet published").register(registry);
        Gauge.builder("cohort.outbox.pending", this, OutboxRelay::pendingCount)
                .description("events waiting to be published").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("cohort.outbox.published", published, AtomicLong::get)
                .description("events published since start").register(registry);
    }

    /** One pass over every partition; returns how many rows were published. */
    public int publishPending() {
        int total = 0;
        for (int partition = 0; partition < Outbox.PARTITIONS; partition++) {
            int partitionNo = partition;
            Integer sent = transactions.execute(status -> publishPartition(partitionNo));
            total += sent == null ? 0 : sent;
        }
        published.addAndGet(total);
        return total;
    }

    /** Seconds since the oldest unsent row was written; 0 when none is waiting. */
    public double lagSeconds() {
        Timestamp oldest = jdbc.queryForObject("select min(created_at) from cohort_events.outbox where sent_at is null",
                Timestamp.class);
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), Instant.now()).toMillis() / 1000.0);
    }

    public long pendingCount() {
        Long count = jdbc.queryForObject("select count(*) from cohort_events.outbox where sent_at is null", Long.class);
        return count == null ? 0 : count;
    }

    private int publishPartition(int partition) {
        Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_BASE + partition);
        if (!Boolean.TRUE.equals(locked)) {
            return 0; // another replica is publishing this partition
        }
        List<PendingRow> rows = jdbc.query(
                "select id, topic, record_key, event_id, event_type, payload, traceparent from cohort_events.outbox "
                        + "where partition_no = ? and sent_at is null order by id limit ?",
                (rs, n) -> new PendingRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6), rs.getString(7)),
                partition, settings.batchSize());
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(rows.size());
        for (PendingRow row : rows) {
            acknowledgements.add(producer.send(toRecord(row)));
        }
        producer.flush();
        awaitAll(acknowledgements);
        markSent(rows);
        return rows.size();
    }

    /** Marks published rows sent; the transaction commits right after. */
    protected void markSent(List<PendingRow> rows) {
        Long[] ids = rows.stream().map(PendingRow::id).toArray(Long[]::new);
        jdbc.update("update cohort_events.outbox set sent_at = now() where id = any(?)", (Object) ids);
    }

    private void awaitAll(List<Future<RecordMetadata>> acknowledgements) {
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        try {
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", interrupted);
        } catch (Exception failed) {
            throw new IllegalStateException("Kafka did not acknowledge the batch: " + failed.getMessage(), failed);
        }
    }

    private ProducerRecord<String, SpecificRecord> toRecord(PendingRow row) {
        ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(row.topic(), row.key(), decode(row));
        record.headers().add(new RecordHeader("cohort-event-id", row.eventId().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (row.traceparent() != null) {
            record.headers().add(new RecordHeader("traceparent", row.traceparent().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        return record;
    }

    private SpecificRecord decode(PendingRow row) {
        try {
            return readerFor(row.eventType()).read(null, DecoderFactory.get().binaryDecoder(row.payload(), null));
        } catch (ClassNotFoundException | IOException unreadable) {
            throw new IllegalStateException("outbox row " + row.id() + " holds an unreadable " + row.eventType(), unreadable);
        }
    }

    private synchronized SpecificDatumReader<SpecificRecord> readerFor(String eventType) throws ClassNotFoundException {
        SpecificDatumReader<SpecificRecord> reader = readers.get(eventType);
        if (reader == null) {
            @SuppressWarnings("unchecked")
            Class<SpecificRecord> type = (Class<SpecificRecord>) Class.forName(eventType);
            reader = new SpecificDatumReader<>(type);
            readers.put(eventType, reader);
        }
        return reader;
    }

    private void round() {
        if (!running) {
            return;
        }
        Duration next;
        try {
            int sent = publishPending();
            deleteOldSentRows();
            currentDelay.set(settings.pollInterval());
            next = sent > 0 ? Duration.ZERO : settings.pollInterval();
        } catch (RuntimeException failure) {
            Duration backoff = currentDelay.updateAndGet(delay -> {
                Duration doubled = delay.multipliedBy(2);
                return doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
            });
            log.atWarn().addKeyValue("retryInMs", backoff.toMillis())
                    .log("outbox relay could not publish ({}); retrying", failure.getMessage());
            next = backoff;
        }
        if (running) {
            loop.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void deleteOldSentRows() {
        jdbc.update("delete from cohort_events.outbox where sent_at < ?",
                Timestamp.from(Instant.now().minus(settings.retention())));
    }

    @Override
    public void close() {
        running = false;
        loop.shutdown();
        try {
            loop.awaitTermination(settings.sendTimeout().toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** An outbox row on its way to Kafka. */
    protected record PendingRow(long id, String topic, String key, String eventId, String eventType, byte[] payload,
                                String traceparent) {
    }
}
