package dev.cohort.schemaregistry.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;

/** Turns submitted schema text (and its references) into an Avro {@link Schema}, or a 42201. */
public final class AvroSchemas {
    public static final String AVRO = "AVRO";

    /** Finds the schema registered as a subject's version, or null. */
    @FunctionalInterface
    public interface ReferenceLookup {
        StoredSchema find(String subject, int version);
    }

    private AvroSchemas() {
    }

    /** A missing type means AVRO, as in the Confluent API; this registry knows no other. */
    public static void requireAvro(String schemaType) {
        if (schemaType != null && !AVRO.equals(schemaType.toUpperCase(Locale.ROOT))) {
            throw RegistryException.invalidSchema("schema type " + schemaType + " is not supported; this registry "
                    + "only handles " + AVRO);
        }
    }

    public static ParsedSchema parse(String text, List<SchemaReference> references, ReferenceLookup lookup) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("empty schema");
        }
        // Dependencies first, each once, so that every imported name is defined before it is used.
        Map<String, String> imports = new LinkedHashMap<>();
        for (SchemaReference reference : references) {
            collectImports(reference, lookup, imports);
        }
        Schema.Parser parser = new Schema.Parser();
        try {
            for (String imported : imports.values()) {
                parser.parse(imported);
            }
            List<Schema> importedTypes = new ArrayList<>(parser.getTypes().values());
            Schema schema = parser.parse(text);
            return new ParsedSchema(schema, schema.toString(importedTypes, false), List.copyOf(references));
        } catch (RuntimeException e) {
            // Avro reports bad JSON, unknown types, bad names and bad defaults as runtime exceptions.
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    private static void collectImports(SchemaReference reference, ReferenceLookup lookup, Map<String, String> imports) {
        String key = reference.subject() + "\u0000" + reference.version();
        if (imports.containsKey(key)) {
            return;
        }
        StoredSchema target = reference.subject() == null ? null : lookup.find(reference.subject(), reference.version());
        if (target == null) {
            throw RegistryException.invalidSchema("reference '" + reference.name() + "' points at subject '"
                    + reference.subject() + "' version " + reference.version() + ", which does not exist");
        }
        for (SchemaReference nested : target.references()) {
            collectImports(nested, lookup, imports);
        }
        imports.put(key, target.schema());
    }
}
