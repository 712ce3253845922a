package dev.cohort.events.serde;

/**
 * A schema registry request that failed: either the registry answered with an error (then
 * {@link #httpStatus()} and the Confluent {@link #errorCode()} say which), or no answer came
 * (connection refused, timeout; then {@link #httpStatus()} is 0).
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Confluent error code: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: schema not found (unknown id, or schema not under the subject). */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent error code: the schema is incompatible with an earlier version of the subject. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent error code: the schema is not valid. */
    public static final int INVALID_SCHEMA = 42201;

    /** Used for {@link #errorCode()} when the registry gave none. */
    public static final int NO_ERROR_CODE = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the registry's answer, or 0 if none came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code} of the answer, or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry answered that the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404 || errorCode == SUBJECT_NOT_FOUND || errorCode == VERSION_NOT_FOUND
                || errorCode == SCHEMA_NOT_FOUND;
    }

    /** True when no answer came (connection failure, timeout) or the registry failed (5xx): worth retrying. */
    public boolean isTransient() {
        return httpStatus == 0 || httpStatus >= 500;
    }
}
