package dev.cohort.events.serde;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary bytes through the deserializer, as a consumer meets whatever lands on its topic: it gives a record or
 * throws {@link PoisonRecordException} (the dead-letter topic's cue); anything else thrown is a finding, because
 * a consumer would retry it forever or die. The first input byte picks a registered writer schema (so that most
 * inputs reach the Avro decoder rather than stop at the header); 0xFF hands the rest over as the whole value,
 * header included.
 */
class AvroDeserializerFuzzTest {

    private static final int RAW_VALUE = 0xFF;
    private static final String TOPIC = "fuzz.events";

    private static MiniRegistry registry;
    private static AvroDeserializer deserializer;
    private static final List<Integer> schemaIds = new ArrayList<>();

    @BeforeAll
    static void registerTheEventSchemas() throws IOException {
        registry = MiniRegistry.start();
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());
        for (SpecificRecord event : SampleEvents.all()) {
            schemaIds.add(client.register(WireFormat.subject(TOPIC, event.getSchema().getFullName()), event.getSchema()));
        }
        deserializer = new AvroDeserializer(client);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @FuzzTest(maxDuration = "30s")
    void decodesOrRefusesAsPoison(byte[] data) {
        byte[] value = data.length > 0 && Byte.toUnsignedInt(data[0]) == RAW_VALUE
                ? Arrays.copyOfRange(data, 1, data.length)
                : framed(data);
        try {
            deserializer.deserialize(TOPIC, value);
        } catch (PoisonRecordException expected) {
            // Documented: a value that can never be decoded.
        }
    }

    /** The Confluent header for the schema the first byte picks, then the rest of the input as the Avro body. */
    private static byte[] framed(byte[] data) {
        int id = data.length == 0 ? schemaIds.get(0) : schemaIds.get(Byte.toUnsignedInt(data[0]) % schemaIds.size());
        int bodyLength = Math.max(data.length - 1, 0);
        return ByteBuffer.allocate(WireFormat.HEADER_LENGTH + bodyLength).put(WireFormat.MAGIC_BYTE).putInt(id)
                .put(data, Math.min(1, data.length), bodyLength).array();
    }
}
