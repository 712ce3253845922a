package dev.cohort.schemaregistry.domain;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Arbitrary schema text submitted to the registry, as a careless or hostile client may: parsing ends in a schema
 * or in a {@link RegistryException} that the API answers with a 4xx; never anything else thrown (a 500). A schema
 * it accepts must also survive what registration does next: its canonical text, which is what the registry
 * stores, parses again to the same schema, and the compatibility check against an earlier version gives a
 * verdict.
 */
class SchemaParsingFuzzTest {

    private static final Schema EARLIER = new Schema.Parser().parse("""
            {"type": "record", "name": "Event", "namespace": "dev.cohort.fuzz",
             "fields": [{"name": "id", "type": "string"}, {"name": "tags", "type": {"type": "array", "items": "string"}},
                        {"name": "note", "type": ["null", "string"], "default": null}]}""");

    @FuzzTest(maxDuration = "30s")
    void parsesOrRefusesWithAClientError(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        ParsedSchema parsed;
        try {
            parsed = AvroSchemas.parse(text, List.of(), (subject, version) -> null);
        } catch (RegistryException refused) {
            if (refused.httpStatus() < 400 || refused.httpStatus() > 499) {
                throw new AssertionError("refused with HTTP " + refused.httpStatus() + ": " + refused.getMessage());
            }
            return;
        }
        Schema stored = new Schema.Parser().parse(parsed.canonical());
        if (!stored.equals(parsed.schema())) {
            throw new AssertionError("the stored text parses to another schema: " + parsed.canonical());
        }
        AvroCompatibility.problems(CompatibilityLevel.FULL_TRANSITIVE, parsed.schema(),
                List.of(new AvroCompatibility.Version(1, EARLIER), new AvroCompatibility.Version(2, parsed.schema())));
    }
}
