package dev.cohort.events.outbox;

import dev.cohort.events.common.EventMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records an event in the same database transaction as the state change it describes; the relay publishes it
 * later. Writing to Kafka directly from a request could publish a change that then rolls back, or lose one that
 * commits. The payload is stored as plain Avro binary of the record's own schema, so a registry outage cannot
 * fail a user's request: the relay registers and frames it when it publishes.
 */
public final class Outbox {

    /** Partitions of the outbox (not of Kafka): the unit of ordering and of work-sharing between relay replicas. */
    public static final int PARTITIONS = 8;

    private static final String INSERT = "insert into cohort_events.outbox (partition_no, topic, record_key, "
            + "event_id, event_type, payload, traceparent) values (?, ?, ?, ?::uuid, ?, ?, ?)";

    private final JdbcTemplate jdbc;

    public Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends {@code event}, keyed by its aggregate id, to {@code topic}. Must run inside the transaction of the
     * state change; the record must have a {@code metadata} field of type {@link EventMetadata}.
     */
    public void append(String topic, SpecificRecord event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.append must run in the transaction of the state change");
        }
        EventMetadata metadata = metadataOf(event);
        String key = metadata.getAggregateId();
        jdbc.update(INSERT,
                partitionOf(key), topic, key, metadata.getEventId().toString(), event.getClass().getName(), encode(event),
                metadata.getTraceparent());
    }

    /**
     * Appends several events with one batched statement (the hot paths that commit many changes at once), in
     * list order; the same rules as {@link #append}.
     */
    public void appendAll(String topic, List<? extends SpecificRecord> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.appendAll must run in the transaction of the state change");
        }
        List<Object[]> rows = new ArrayList<>(events.size());
        for (SpecificRecord event : events) {
            EventMetadata metadata = metadataOf(event);
            String key = metadata.getAggregateId();
            rows.add(new Object[] {partitionOf(key), topic, key, metadata.getEventId().toString(),
                    event.getClass().getName(), encode(event), metadata.getTraceparent()});
        }
        jdbc.batchUpdate(INSERT, rows);
    }

    /** The outbox partition of a record key; stable across JVMs and replicas ({@link String#hashCode()} is specified). */
    public static int partitionOf(String key) {
        return Math.floorMod(key.hashCode(), PARTITIONS);
    }

    static EventMetadata metadataOf(SpecificRecord event) {
        var field = event.getSchema().getField("metadata");
        if (field == null || !(event.get(field.pos()) instanceof EventMetadata metadata)) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " has no EventMetadata 'metadata' field");
        }
        return metadata;
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(SpecificRecord event) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            new SpecificDatumWriter<>((Class<SpecificRecord>) event.getClass()).write(event, encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException("cannot encode " + event.getSchema().getFullName(), impossible);
        }
    }
}
