package dev.cohort.schemaregistry.api;

import dev.cohort.schemaregistry.domain.SchemaReference;
import java.util.List;

/** The body of register, lookup and compatibility requests. */
record SchemaRequest(String schema, String schemaType, List<SchemaReference> references) {
}
