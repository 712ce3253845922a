package dev.cohort.schemaregistry.domain;

/** A named type that a schema imports from another subject's version (Confluent "references"). */
public record SchemaReference(String name, String subject, int version) {
}
