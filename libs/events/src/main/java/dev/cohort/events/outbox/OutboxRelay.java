package dev.cohort.events.outbox;

import dev.cohort.events.serde.SchemaIds;
import dev.cohort.events.serde.WireFormat;
import dev.cohort.telemetry.Traceparents;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
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
 * <p>A round is one transaction: it takes the transaction-scoped advisory locks of every outbox partition no other
 * replica holds, deletes the oldest rows of those partitions (up to the batch size each) returning them, sends them
 * in id order with the idempotent producer ({@code acks=all}), waits for every acknowledgement and only then
 * commits. A crash or a failed send before the commit rolls the delete back, so the rows are published again
 * (consumers deduplicate on the event id); while Kafka is unreachable the relay backs off exponentially. Producers
 * keep per-key order in the outbox by changing one aggregate at a time (they lock the aggregate's row), so id order
 * is commit order for each key. Payloads are already Avro binary of the event's own schema: the relay frames them
 * in the Confluent wire format with the registry id of that schema instead of decoding and re-encoding them.
 *
 * <p>{@link RelaySettings#workers()} rounds run at once in one relay, each over at most its share of the partitions
 * (its own share first, then any other no round holds), exactly as rounds of different replicas do: while one round waits for
 * Kafka's acknowledgements, another claims and sends. A key's partition is held by one round at a time, so order
 * per key is kept.
 *
 * <p>The relay runs a round as soon as it is {@linkplain #wake() woken} (by {@link OutboxWakeups}, on every commit
 * that appended rows), straight after a round that published something, and otherwise every poll interval, which
 * only matters when a wake-up was missed.
 */
public class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_BASE = 0x636f686f72744fL << 8; // "cohortO" + partition
    /**
     * The PostgreSQL advisory lock a round holds while it publishes {@code partition}. Whoever holds it (another
     * round, or a failure test holding a partition back) keeps every round off that partition's rows.
     */
    public static long partitionLock(int partition) {
        return LOCK_BASE + partition;
    }

    /**
     * A round in one statement, since each round trip to PostgreSQL costs most when the machine is busy (ADR 77):
     * <ul>
     *   <li>{@code this_round}: the round's commit need not wait for its WAL to reach the disk. If PostgreSQL loses
     *       the commit in a crash, the claimed rows come back and are published again, which at-least-once allows
     *       (consumers deduplicate on the event id).</li>
     *   <li>{@code locked}: up to so many partitions no other round holds, starting from a given one and going round
     *       (each worker starts from its own share, so every partition is some worker's first choice and none is
     *       left waiting). The series is scanned in order and the scan stops at the limit, so no more partitions
     *       are locked than claimed from.</li>
     *   <li>the oldest rows of each locked partition, claimed by deleting them; the commit makes it final. They are
     *       found by the index and deleted by their physical address ({@code ctid}, a TID scan) rather than joined
     *       back by id, for which PostgreSQL hashed the whole table on every claim. The addresses are stable here:
     *       outbox rows are never updated, and the partitions' advisory locks keep every other relay off them.</li>
     * </ul>
     */
    private static final String CLAIM = "with this_round as (select set_config('synchronous_commit', 'off', true)), "
            + "locked as (select s % " + Outbox.PARTITIONS + " as no from this_round, "
            + "generate_series(?::int, ?::int + " + (Outbox.PARTITIONS - 1) + ") as s "
            + "where pg_try_advisory_xact_lock(? + s % " + Outbox.PARTITIONS + ") limit ?) "
            + "delete from cohort_events.outbox where ctid = any(array(select c.ctid from locked cross join lateral ("
            + "select ctid from cohort_events.outbox where partition_no = locked.no order by id limit ?) c)) "
            + "returning id, topic, record_key, event_id, event_type, payload, traceparent";
    private static final byte[] NO_BYTES = new byte[0];

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Producer<String, byte[]> producer;
    private final SchemaIds schemaIds;
    private final RelaySettings settings;
    private final AtomicLong published = new AtomicLong();
    private final Map<String, Integer> schemaIdByTopicAndType = new ConcurrentHashMap<>();
    /** One per worker: a wake-up reaches every worker, since each may hold other partitions in its next round. */
    private final List<Semaphore> wakeups = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, Producer<String, byte[]> producer,
                       SchemaIds schemaIds, RelaySettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.producer = producer;
        this.schemaIds = schemaIds;
        this.settings = settings;
        // Each worker's round takes at most its share of the partitions, so another worker can claim and send the
        // rest while the first waits for Kafka's acknowledgements: rounds overlap as replicas' rounds do (ADR 34).
        int partitionsPerRound = (Outbox.PARTITIONS + settings.workers() - 1) / settings.workers();
        for (int w = 0; w < settings.workers(); w++) {
            Semaphore wakeup = new Semaphore(0);
            wakeups.add(wakeup);
            int firstPartition = (w * partitionsPerRound) % Outbox.PARTITIONS;
            Thread worker = new Thread(() -> publishUntilClosed(wakeup, firstPartition, partitionsPerRound),
                    "outbox-relay-" + w);
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    /** Publishes in the background until {@link #close()}. */
    public void start() {
        running = true;
        workers.forEach(Thread::start);
    }

    /** Asks for a round now: rows were appended. Cheap and safe from any thread; wake-ups during a round fold. */
    public void wake() {
        wakeups.forEach(Semaphore::release);
    }

    /** Exposes outbox lag (age of the oldest unsent row), backlog and throughput. */
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("cohort.outbox.lag", this, OutboxRelay::lagSeconds).baseUnit("seconds")
                .description("age of the oldest event not yet published").register(registry);
        Gauge.builder("cohort.outbox.pending", this, OutboxRelay::pendingCount)
                .description("events waiting to be published").register(registry);
        FunctionCounter.builder("cohort.outbox.published", published, AtomicLong::get)
                .description("events published since start").register(registry);
    }

    /** One round over every partition this replica can lock; returns how many rows were published. */
    public int publishPending() {
        return publishRound(0, Outbox.PARTITIONS);
    }

    /** One round over at most {@code maxPartitions} partitions nobody else holds; answers how many rows were sent. */
    private int publishRound(int firstPartition, int maxPartitions) {
        Integer sent = transactions.execute(status -> publishClaimed(firstPartition, maxPartitions));
        int total = sent == null ? 0 : sent;
        published.addAndGet(total);
        return total;
    }

    /** Seconds since the oldest unpublished row was written; 0 when none is waiting. */
    public double lagSeconds() {
        Timestamp oldest = jdbc.queryForObject("select min(created_at) from cohort_events.outbox", Timestamp.class);
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), Instant.now()).toMillis() / 1000.0);
    }

    public long pendingCount() {
        Long count = jdbc.queryForObject("select count(*) from cohort_events.outbox", Long.class);
        return count == null ? 0 : count;
    }

    private int publishClaimed(int firstPartition, int maxPartitions) {
        List<PendingRow> rows = new ArrayList<>(jdbc.query(CLAIM,
                (rs, n) -> new PendingRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6), rs.getString(7)),
                firstPartition, firstPartition, LOCK_BASE, maxPartitions, settings.batchSize()));
        if (rows.isEmpty()) {
            return 0; // nothing pending, or other rounds are publishing every partition
        }
        rows.sort(Comparator.comparingLong(PendingRow::id)); // RETURNING has no order; keys need id order
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(rows.size());
        for (PendingRow row : rows) {
            Future<RecordMetadata> acknowledgement = sendInTrace(row);
            acknowledgements.add(acknowledgement);
            stopAtAFailedSend(acknowledgement);
        }
        producer.flush();
        awaitAll(acknowledgements);
        return rows.size();
    }

    /**
     * A send can fail before it is handed to Kafka (no metadata for the topic within {@code max.block.ms}): its
     * future is already failed when {@code send()} returns. Sending the rest would let a later event of the same
     * key reach Kafka ahead of the failed one, so the round stops here; what was handed over is flushed first, so
     * nothing of this round is still in flight when its claim rolls back.
     */
    private void stopAtAFailedSend(Future<RecordMetadata> acknowledgement) {
        if (!acknowledgement.isDone()) {
            return;
        }
        try {
            acknowledgement.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", interrupted);
        } catch (java.util.concurrent.ExecutionException failed) {
            producer.flush();
            throw new IllegalStateException("Kafka refused an event before sending it: " + failed.getCause().getMessage(),
                    failed.getCause());
        }
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

    /**
     * Sent in the trace of the request that wrote the row: with an instrumented producer (ADR 61) the send is a
     * PRODUCER span of that trace, and the {@code traceparent} header then names it instead of the request.
     */
    private Future<RecordMetadata> sendInTrace(PendingRow row) {
        try (Scope ignored = Traceparents.toContext(row.traceparent()).makeCurrent()) {
            return producer.send(toRecord(row));
        }
    }

    private ProducerRecord<String, byte[]> toRecord(PendingRow row) {
        byte[] value = WireFormat.frame(schemaIdOf(row), row.payload() == null ? NO_BYTES : row.payload());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), value);
        record.headers().add(new RecordHeader("cohort-event-id", row.eventId().getBytes(StandardCharsets.UTF_8)));
        if (row.traceparent() != null) {
            record.headers().add(new RecordHeader("traceparent", row.traceparent().getBytes(StandardCharsets.US_ASCII)));
        }
        return record;
    }

    /** The registry id of the schema the row's payload was written with (its event class's), cached per topic. */
    private int schemaIdOf(PendingRow row) {
        String cacheKey = row.topic() + '\n' + row.eventType();
        Integer cached = schemaIdByTopicAndType.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        int id = schemaIds.idFor(row.topic(), schemaOf(row));
        schemaIdByTopicAndType.put(cacheKey, id);
        return id;
    }

    private static Schema schemaOf(PendingRow row) {
        try {
            Class<?> type = Class.forName(row.eventType());
            return SpecificData.getForClass(type).getSchema(type);
        } catch (ClassNotFoundException | RuntimeException unknown) {
            throw new IllegalStateException("outbox row " + row.id() + " holds an unknown event type " + row.eventType(),
                    unknown);
        }
    }

    private void publishUntilClosed(Semaphore wakeup, int firstPartition, int partitionsPerRound) {
        Duration backoff = settings.pollInterval();
        while (running) {
            try {
                wakeup.drainPermits(); // this round covers every append committed so far
                int sent = publishRound(firstPartition, partitionsPerRound);
                backoff = settings.pollInterval();
                if (sent == 0) {
                    awaitWakeOrPoll(wakeup);
                }
            } catch (RuntimeException failure) {
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
                log.atWarn().addKeyValue("retryInMs", backoff.toMillis())
                        .log("outbox relay could not publish ({}); retrying", failure.getMessage());
                pauseUnlessClosing(backoff); // wake-ups don't cut a back-off short: Kafka or the database is down
            }
        }
    }

    private void awaitWakeOrPoll(Semaphore wakeup) {
        try {
            wakeup.tryAcquire(settings.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void pauseUnlessClosing(Duration pause) {
        try {
            closing.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        closing.countDown();
        wake();
        for (Thread worker : workers) {
            if (worker.isAlive()) {
                try {
                    worker.join(settings.sendTimeout().plusSeconds(5).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** An outbox row on its way to Kafka. */
    protected record PendingRow(long id, String topic, String key, String eventId, String eventType, byte[] payload,
                                String traceparent) {
    }
}
