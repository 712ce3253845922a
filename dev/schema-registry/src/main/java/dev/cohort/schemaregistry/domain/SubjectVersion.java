package dev.cohort.schemaregistry.domain;

/** One version of a subject and the global id of its schema; soft-deleted versions are hidden by default. */
public record SubjectVersion(String subject, int version, int schemaId, boolean deleted) {
}
