package dev.cohort.events.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes Avro specific records into the Confluent wire format. The schema id comes from the
 * registry under the subject {@code <topic>-<record full name>} (TopicRecordNameStrategy):
 * registered on first use when {@code auto.register.schemas} is true (the default), otherwise
 * only looked up, failing with {@link SchemaNotRegisteredException} if absent.
 *
 * <p>Configure with {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL} (required) and {@link
 * AvroSerdeConfig#AUTO_REGISTER_SCHEMAS}, or construct with a client. Thread-safe.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private SchemaIds schemaIds;

    /** For instantiation by Kafka from configuration; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient client, boolean autoRegister) {
        this.schemaIds = new SchemaIds(Objects.requireNonNull(client, "client"), autoRegister);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.schemaIds = new SchemaIds(AvroSerdeConfig.client(configs), AvroSerdeConfig.autoRegister(configs));
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (schemaIds == null) {
            throw new IllegalStateException("AvroSerializer is not configured: set " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        Schema schema = record.getSchema();
        int id = schemaIds.idFor(topic, schema);

        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        WireFormat.writeHeader(out, id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<T>(schema, modelOf(record)).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getFullName() + " for topic '" + topic + "': "
                    + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The record's own model (with its logical-type conversions), without looking its class up by name. */
    private static SpecificData modelOf(SpecificRecord record) {
        return record instanceof SpecificRecordBase base ? base.getSpecificData() : SpecificData.getForClass(record.getClass());
    }

    /** The registry client in use (null before {@link #configure}). */
    public SchemaRegistryClient client() {
        return schemaIds == null ? null : schemaIds.client();
    }

    @Override
    public void close() {
        // The client holds no resources that need closing; its HttpClient is shared and garbage-collected.
    }
}
