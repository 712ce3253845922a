package dev.cohort.events.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The serializer runs with {@code auto.register.schemas=false} and the record's schema is not
 * registered under its subject: the schema registration step did not run for this schema.
 */
public class SchemaNotRegisteredException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    public SchemaNotRegisteredException(String subject, String message, Throwable cause) {
        super(message, cause);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
