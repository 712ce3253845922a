package dev.cohort.schemaregistry.domain;

import java.util.List;

/** A schema as kept under its global id: canonical text plus the references it was registered with. */
public record StoredSchema(int id, String schemaType, String schema, List<SchemaReference> references) {
}
