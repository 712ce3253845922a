package dev.cohort.events.serde;

/** The Confluent wire format: magic byte 0, schema id as a 4-byte big-endian int, then Avro binary. */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /**
     * The subject of a record under TopicRecordNameStrategy, {@code <topic>-<record full name>}:
     * one topic carries several event types, each evolving on its own.
     */
    public static String subject(String topic, String recordFullName) {
        return topic + "-" + recordFullName;
    }
}
