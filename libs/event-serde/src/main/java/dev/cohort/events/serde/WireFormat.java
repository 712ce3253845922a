package dev.cohort.events.serde;

/** The Confluent wire format: magic byte 0, schema id as a 4-byte big-endian int, then Avro binary. */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Writes the magic byte and {@code schemaId}; the Avro binary follows. */
    public static void writeHeader(java.io.ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** {@code avroBinary} framed for {@code schemaId}: what the serializer would write for the same record. */
    public static byte[] frame(int schemaId, byte[] avroBinary) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(HEADER_LENGTH + avroBinary.length);
        writeHeader(out, schemaId);
        out.writeBytes(avroBinary);
        return out.toByteArray();
    }

    /**
     * The subject of a record under TopicRecordNameStrategy, {@code <topic>-<record full name>}:
     * one topic carries several event types, each evolving on its own.
     */
    public static String subject(String topic, String recordFullName) {
        return topic + "-" + recordFullName;
    }
}
