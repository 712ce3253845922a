package dev.cohort.events.serde;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The registry id of a record schema on a topic (subject {@code <topic>-<record full name>}, the portable form of the
 * schema): registered on first use when auto-registration is on, otherwise only looked up. One place for the rule,
 * used by {@link AvroSerializer} and by the outbox relay, which frames payloads that are already Avro binary.
 */
public final class SchemaIds {

    private final SchemaRegistryClient client;
    private final boolean autoRegister;

    public SchemaIds(SchemaRegistryClient client, boolean autoRegister) {
        this.client = Objects.requireNonNull(client, "client");
        this.autoRegister = autoRegister;
    }

    /** The id under which records of {@code schema} are written to {@code topic}; cached by the client. */
    public int idFor(String topic, Schema schema) {
        Schema portable = PortableSchemas.of(schema);
        String subject = WireFormat.subject(topic, portable.getFullName());
        try {
            return autoRegister ? client.register(subject, portable) : client.lookup(subject, portable);
        } catch (SchemaRegistryException e) {
            if (!autoRegister && e.isNotFound()) {
                throw new SchemaNotRegisteredException(subject, "Schema " + portable.getFullName()
                        + " is not registered under subject '" + subject + "' in the schema registry at "
                        + client.baseUrl() + " and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
                        + "=false, so it is not registered on first use: register it first (schema registration step). "
                        + e.getMessage(), e);
            }
            throw new SerializationException("Cannot get a schema id for subject '" + subject + "' ("
                    + (autoRegister ? "register" : "lookup") + "): " + e.getMessage(), e);
        }
    }

    public SchemaRegistryClient client() {
        return client;
    }
}
