package dev.cohort.events.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes the Confluent wire format into Avro specific records. The writer schema is
 * fetched from the registry by the id in the header; the reader schema is that of the generated
 * class for the writer's record name, so a record written with an older (or newer) compatible
 * schema decodes into the current class, with defaults for fields the writer did not have.
 *
 * <p>A value that can never be decoded throws {@link PoisonRecordException} (route it to the
 * dead-letter topic); an unreachable registry throws a plain {@link SerializationException} (retry).
 * A null value (tombstone) gives null. Thread-safe.
 */
public class AvroDeserializer implements Deserializer<SpecificRecord> {
    private final ConcurrentMap<Integer, Schema> readerSchemas = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;

    /** For instantiation by Kafka from configuration; {@link #configure} must follow. */
    public AvroDeserializer() {
        TrustedEventClasses.ensureInstalled();
    }

    public AvroDeserializer(SchemaRegistryClient client) {
        this();
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.client = AvroSerdeConfig.client(configs);
        AvroSerdeConfig.trustedPackages(configs).forEach(TrustedEventClasses::trustPackage);
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: set " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        if (data.length == 0) {
            throw new PoisonRecordException(topic, PoisonRecordException.Reason.EMPTY, PoisonRecordException.NO_SCHEMA_ID,
                    "the value is empty (0 bytes); expected magic byte 0, a 4-byte schema id and an Avro body", null);
        }
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new PoisonRecordException(topic, PoisonRecordException.Reason.TOO_SHORT, PoisonRecordException.NO_SCHEMA_ID,
                    "the value has " + data.length + " byte(s), fewer than the " + WireFormat.HEADER_LENGTH
                            + "-byte header (magic byte 0 and a 4-byte schema id)", null);
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new PoisonRecordException(topic, PoisonRecordException.Reason.BAD_MAGIC_BYTE,
                    PoisonRecordException.NO_SCHEMA_ID, "unknown magic byte " + (data[0] & 0xff)
                            + ", expected 0: not in the Confluent wire format", null);
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        Schema writer = writerSchema(topic, id);
        Schema reader = readerSchema(topic, id, writer);

        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, null);
        SpecificRecord record;
        try {
            record = new SpecificDatumReader<SpecificRecord>(writer, reader).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new PoisonRecordException(topic, PoisonRecordException.Reason.UNDECODABLE_BODY, id,
                        "bytes left over after decoding " + writer.getFullName() + " with schema id " + id, null);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PoisonRecordException poison) {
                throw poison;
            }
            throw new PoisonRecordException(topic, PoisonRecordException.Reason.UNDECODABLE_BODY, id,
                    "the Avro body does not decode as " + writer.getFullName() + " (schema id " + id + "): " + e, e);
        }
        return record;
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return client.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new PoisonRecordException(topic, PoisonRecordException.Reason.UNKNOWN_SCHEMA_ID, id,
                        "schema id " + id + " is unknown to the schema registry at " + client.baseUrl()
                                + " (" + e.getMessage() + ")", e);
            }
            throw new SerializationException("Cannot fetch writer schema " + id + " for a record on topic '" + topic
                    + "' (not a poison record; retry): " + e.getMessage(), e);
        }
    }

    /** The schema of the generated class for the writer's record name. */
    private Schema readerSchema(String topic, int id, Schema writer) {
        Schema cached = readerSchemas.get(id);
        if (cached != null) {
            return cached;
        }
        if (writer.getType() != Schema.Type.RECORD) {
            throw new PoisonRecordException(topic, PoisonRecordException.Reason.UNKNOWN_RECORD_TYPE, id,
                    "schema id " + id + " is a " + writer.getType() + ", not a record", null);
        }
        Class<?> type;
        try {
            type = SpecificData.get().getClass(writer);
        } catch (SecurityException e) {
            throw new PoisonRecordException(topic, PoisonRecordException.Reason.UNKNOWN_RECORD_TYPE, id,
                    "class " + SpecificData.getClassName(writer) + " for schema id " + id + " is not trusted: add its "
                            + "package to " + AvroSerdeConfig.TRUSTED_PACKAGES + " (" + e.getMessage() + ")", e);
        }
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new PoisonRecordException(topic, PoisonRecordException.Reason.UNKNOWN_RECORD_TYPE, id,
                    "no generated Avro class " + SpecificData.getClassName(writer) + " on the classpath for schema id "
                            + id, null);
        }
        Schema reader = SpecificData.get().getSchema(type);
        readerSchemas.putIfAbsent(id, reader);
        return reader;
    }

    /** The registry client in use (null before {@link #configure}). */
    public SchemaRegistryClient client() {
        return client;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
