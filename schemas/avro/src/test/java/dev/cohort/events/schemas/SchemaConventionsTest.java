package dev.cohort.events.schemas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** House rules for event schemas: documented, snake_case, namespaced by domain, with the envelope. */
class SchemaConventionsTest {
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final String METADATA = "dev.cohort.events.common.EventMetadata";

    @Test
    void everyRecordAndFieldHasADoc() {
        List<String> missing = new ArrayList<>();
        AvroSources sources = AvroSources.module();
        for (String file : sources.schemaFiles()) {
            collectMissingDocs(file, sources.parseCurrent(file), missing, new IdentityHashMap<>());
        }
        assertTrue(missing.isEmpty(), "Missing or empty \"doc\":\n  " + String.join("\n  ", missing));
    }

    @Test
    void everyEventIsNamespacedByItsDirectoryCarriesTheEnvelopeAndUsesSnakeCase() {
        List<String> problems = new ArrayList<>();
        AvroSources sources = AvroSources.module();
        for (String file : sources.schemaFiles()) {
            Schema schema = sources.parseCurrent(file);
            String directory = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
            String baseName = file.substring(file.lastIndexOf('/') + 1, file.length() - ".avsc".length());
            if (schema.getType() != Schema.Type.RECORD) {
                problems.add(file + ": top-level type is " + schema.getType() + ", not a record");
                continue;
            }
            if (!schema.getName().equals(baseName)) {
                problems.add(file + ": record " + schema.getName() + " must live in " + schema.getName() + ".avsc");
            }
            String expectedNamespace = "dev.cohort.events." + directory.replace('/', '.');
            if (!expectedNamespace.equals(schema.getNamespace())) {
                problems.add(file + ": namespace " + schema.getNamespace() + ", expected " + expectedNamespace);
            }
            for (Schema.Field field : schema.getFields()) {
                if (!SNAKE_CASE.matcher(field.name()).matches()) {
                    problems.add(file + ": field " + field.name() + " is not snake_case");
                }
            }
            if (!schema.getFullName().equals(METADATA)) {
                Schema.Field first = schema.getFields().isEmpty() ? null : schema.getFields().get(0);
                if (first == null || !first.name().equals("metadata") || !first.schema().getFullName().equals(METADATA)) {
                    problems.add(file + ": the first field must be 'metadata' of type " + METADATA);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void collectMissingDocs(String file, Schema schema, List<String> missing,
            Map<Schema, Boolean> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.put(schema, Boolean.TRUE) != null) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    missing.add(file + ": record " + schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        missing.add(file + ": field " + schema.getFullName() + "." + field.name());
                    }
                    collectMissingDocs(file, field.schema(), missing, seen);
                }
            }
            case ARRAY -> collectMissingDocs(file, schema.getElementType(), missing, seen);
            case MAP -> collectMissingDocs(file, schema.getValueType(), missing, seen);
            case UNION -> schema.getTypes().forEach(branch -> collectMissingDocs(file, branch, missing, seen));
            case ENUM -> {
                if (isBlank(schema.getDoc())) {
                    missing.add(file + ": enum " + schema.getFullName());
                }
            }
            default -> {
            }
        }
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }
}
