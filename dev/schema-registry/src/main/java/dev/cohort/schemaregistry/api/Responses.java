package dev.cohort.schemaregistry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cohort.schemaregistry.domain.AvroSchemas;
import dev.cohort.schemaregistry.domain.SchemaReference;
import dev.cohort.schemaregistry.domain.StoredSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Response bodies of the Confluent API, always sent as {@code application/vnd.schemaregistry.v1+json}. */
final class Responses {
    static final MediaType REGISTRY_JSON = MediaType.parseMediaType("application/vnd.schemaregistry.v1+json");

    private Responses() {
    }

    static ResponseEntity<Object> ok(Object body) {
        return status(200, body);
    }

    static ResponseEntity<Object> status(int status, Object body) {
        return ResponseEntity.status(status).contentType(REGISTRY_JSON).body(body);
    }

    /** A schema's text as is (it is JSON itself), for the {@code .../schema} endpoints. */
    static ResponseEntity<Object> rawSchema(String schema) {
        return ok(schema.getBytes(StandardCharsets.UTF_8));
    }

    /** Confluent leaves out {@code schemaType} for AVRO, and references when there are none. */
    static String typeUnlessAvro(StoredSchema schema) {
        return AvroSchemas.AVRO.equals(schema.schemaType()) ? null : schema.schemaType();
    }

    record Id(int id) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Schema(String schemaType, String schema, List<SchemaReference> references) {
        static Schema of(StoredSchema stored) {
            return new Schema(typeUnlessAvro(stored), stored.schema(), stored.references());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record SubjectVersionSchema(String subject, int version, int id, String schemaType, String schema,
            List<SchemaReference> references) {
        static SubjectVersionSchema of(String subject, int version, StoredSchema stored) {
            return new SubjectVersionSchema(subject, version, stored.id(), typeUnlessAvro(stored), stored.schema(),
                    stored.references());
        }
    }

    record SubjectVersion(String subject, int version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Compatibility(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {
    }

    record Error(@JsonProperty("error_code") int errorCode, String message) {
    }
}
