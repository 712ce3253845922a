package dev.cohort.events.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that can never be decoded, however often it is retried: not in the Confluent
 * wire format, written with a schema id the registry does not know, of a record type this
 * process has no class for, or with an Avro body that does not match its schema. Consumers send
 * such records to the dead-letter topic instead of retrying them.
 *
 * <p>A registry that cannot be reached is not a poison record: that is a plain {@link
 * SerializationException} caused by a transient {@link SchemaRegistryException}.
 */
public class PoisonRecordException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** Why the record is poison. */
    public enum Reason {
        /** Zero bytes (a null value is a tombstone and is not poison). */
        EMPTY,
        /** Fewer than the 5 header bytes (magic byte and schema id). */
        TOO_SHORT,
        /** The first byte is not the Confluent magic byte 0. */
        BAD_MAGIC_BYTE,
        /** The registry does not know the schema id. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema is not an Avro record, or no generated class exists for it here. */
        UNKNOWN_RECORD_TYPE,
        /** The Avro body does not decode with the writer schema, or bytes are left over. */
        UNDECODABLE_BODY
    }

    /** Value of {@link #schemaId()} when the header was not read. */
    public static final int NO_SCHEMA_ID = -1;

    private final String topic;
    private final Reason reason;
    private final int schemaId;

    public PoisonRecordException(String topic, Reason reason, int schemaId, String detail, Throwable cause) {
        super("Poison record on topic '" + topic + "': " + reason + ": " + detail, cause);
        this.topic = topic;
        this.reason = reason;
        this.schemaId = schemaId;
    }

    public String topic() {
        return topic;
    }

    public Reason reason() {
        return reason;
    }

    /** The schema id from the header, or {@link #NO_SCHEMA_ID} if it could not be read. */
    public int schemaId() {
        return schemaId;
    }
}
