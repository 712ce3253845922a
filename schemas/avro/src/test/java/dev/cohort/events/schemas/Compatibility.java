package dev.cohort.events.schemas;

import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** The one compatibility rule every schema change must pass. */
final class Compatibility {
    private Compatibility() {
    }

    /**
     * Why {@code reader} (the current schema) cannot read data written with {@code writer} (an
     * earlier version), or empty if it can.
     */
    static Optional<String> problemsReading(Schema reader, Schema writer) {
        SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        String details = pair.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; "));
        return Optional.of(details.isEmpty() ? pair.getDescription() : details);
    }
}
