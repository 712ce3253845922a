package dev.cohort.events.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The schema as other languages see it. Schemas of generated Java classes carry Java-only properties
 * ({@code "avro.java.string": "String"} from the {@code stringType} build setting); registered as they are, the
 * same event gets one id from Java producers and another from Node or Python ones. Registering the portable form
 * gives every language one id per event version. Decoding is unaffected: Java readers use their class schema.
 */
public final class PortableSchemas {

    private static final String JAVA_PROPERTY_PREFIX = "avro.java.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Schema, Schema> CACHE = new ConcurrentHashMap<>();

    private PortableSchemas() {
    }

    /** {@code schema} without {@code avro.java.*} properties, anywhere in it. */
    public static Schema of(Schema schema) {
        return CACHE.computeIfAbsent(schema, PortableSchemas::strip);
    }

    private static Schema strip(Schema schema) {
        try {
            JsonNode tree = JSON.readTree(schema.toString());
            removeJavaProperties(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException("cannot rewrite schema " + schema.getFullName(), impossible);
        }
    }

    private static void removeJavaProperties(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> javaOnly = new ArrayList<>();
            object.fieldNames().forEachRemaining(name -> {
                if (name.startsWith(JAVA_PROPERTY_PREFIX)) {
                    javaOnly.add(name);
                }
            });
            object.remove(javaOnly);
        }
        node.forEach(PortableSchemas::removeJavaProperties);
    }
}
