package dev.cohort.schemaregistry.domain;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A schema that Avro accepted. {@code canonical} is Avro's own compact rendering of it (imported
 * types by name only): two submissions are the same schema exactly when their canonical forms and
 * references are equal, whatever their whitespace or key order.
 */
public record ParsedSchema(Schema schema, String canonical, List<SchemaReference> references) {
}
