package dev.cohort.schemaregistry.domain;

/**
 * A failure the client sees as {@code {"error_code": ..., "message": ...}}. The codes and messages
 * follow the Confluent API, whose clients branch on the code (e.g. 40403 vs 40401).
 */
public final class RegistryException extends RuntimeException {
    private final int errorCode;

    public RegistryException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status: the first three digits of a five-digit code (40401 is a 404), else the code itself. */
    public int httpStatus() {
        return errorCode >= 10_000 ? errorCode / 100 : errorCode;
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(40401, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(int version) {
        return new RegistryException(40402, "Version " + version + " not found.");
    }

    public static RegistryException schemaNotFound() {
        return new RegistryException(40403, "Schema not found");
    }

    public static RegistryException schemaIdNotFound(int id) {
        return new RegistryException(40403, "Schema " + id + " not found");
    }

    public static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(40404, "Subject '" + subject
                + "' was soft deleted. Set permanent=true to delete permanently");
    }

    public static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(40405, "Subject '" + subject
                + "' was not deleted first before being permanently deleted");
    }

    public static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(40406, "Subject '" + subject + "' Version " + version
                + " was soft deleted. Set permanent=true to delete permanently");
    }

    public static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(40407, "Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted");
    }

    public static RegistryException noSubjectConfig(String subject) {
        return new RegistryException(40408, "Subject '" + subject
                + "' does not have subject-level compatibility configured");
    }

    public static RegistryException incompatible(String message) {
        return new RegistryException(409, message);
    }

    public static RegistryException invalidSchema(String message) {
        return new RegistryException(42201, "Invalid schema: " + message);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static RegistryException invalidCompatibilityLevel(String level) {
        return new RegistryException(42203, "Invalid compatibility level '" + level + "'. Valid values are none, "
                + "backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    public static RegistryException referenceExists(String subject, int version) {
        return new RegistryException(42206, "Subject '" + subject + "' Version " + version
                + " is referenced by other schemas and cannot be deleted");
    }
}
