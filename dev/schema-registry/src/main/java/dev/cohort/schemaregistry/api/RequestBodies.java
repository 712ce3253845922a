package dev.cohort.schemaregistry.api;

import dev.cohort.schemaregistry.domain.RegistryException;
import dev.cohort.schemaregistry.domain.SchemaReference;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads request bodies as JSON whatever their declared content type: clients send
 * {@code application/vnd.schemaregistry.v1+json}, {@code application/json}, octet-stream or none.
 * Unknown fields (metadata, rule sets, ids) are ignored, as a registry for local runs does not use them.
 */
@Component
class RequestBodies {
    private final ObjectMapper mapper;

    RequestBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    SchemaRequest schemaRequest(byte[] body) {
        JsonNode root = read(body);
        JsonNode schema = root.path("schema");
        // Some callers send the schema as a JSON value rather than a string holding it.
        String schemaText = schema.isString() ? schema.stringValue()
                : schema.isMissingNode() || schema.isNull() ? null : schema.toString();
        JsonNode type = root.path("schemaType");
        String schemaType = type.isString() ? type.stringValue() : null;
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : root.path("references").values()) {
            references.add(new SchemaReference(text(reference, "name"), text(reference, "subject"),
                    reference.path("version").asInt(0)));
        }
        return new SchemaRequest(schemaText, schemaType, List.copyOf(references));
    }

    /** The level of a config update; newer clients may name the field {@code compatibilityLevel}. */
    String compatibility(byte[] body) {
        JsonNode root = read(body);
        JsonNode level = root.path("compatibility");
        if (level.isMissingNode() || level.isNull()) {
            level = root.path("compatibilityLevel");
        }
        return level.isString() ? level.stringValue() : null;
    }

    private JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new RegistryException(400, "The request body is missing");
        }
        try {
            JsonNode root = mapper.readTree(body);
            if (root == null || !root.isObject()) {
                throw new RegistryException(400, "The request body must be a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new RegistryException(400, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : null;
    }
}
