package dev.cohort.moderation.app;

import dev.cohort.events.common.EventMetadata;
import dev.cohort.moderation.domain.AuditRecord;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the audit log records of a domain event: its type as {@code domain.Name}, who did it (the first field named
 * {@code *_by}, else the author, follower, blocker or moderator), its aggregate as subject, and its fields as JSON, without the
 * envelope and without what people wrote (message texts, biographies): an append-only log cannot forget, and the
 * content stays with the service that owns it.
 */
public final class EventAudit {

    /** Fields never copied into the log. */
    static final Set<String> OMITTED = Set.of("metadata", "text", "bio");
    private static final List<String> ACTOR_FIELDS = List.of("author_user_id", "follower_user_id", "blocker_user_id",
            "moderator_user_id");

    private EventAudit() {
    }

    /** The entry for {@code event}; empty for a record without the platform's envelope. */
    public static Optional<AuditRecord> of(SpecificRecord event) {
        Schema schema = event.getSchema();
        Schema.Field metadataField = schema.getField("metadata");
        if (metadataField == null || !(event.get(metadataField.pos()) instanceof EventMetadata metadata)) {
            return Optional.empty();
        }
        return Optional.of(new AuditRecord(kind(schema), actor(event), metadata.getAggregateId(),
                metadata.getOccurredAt(), UUID.fromString(metadata.getEventId().toString()), details(event)));
    }

    /** {@code dev.cohort.events.chat.MessageDeleted} → {@code chat.MessageDeleted}. */
    static String kind(Schema schema) {
        String namespace = schema.getNamespace() == null ? "" : schema.getNamespace();
        return namespace.substring(namespace.lastIndexOf('.') + 1) + "." + schema.getName();
    }

    private static UUID actor(SpecificRecord event) {
        Schema schema = event.getSchema();
        for (Schema.Field field : schema.getFields()) {
            if (field.name().endsWith("_by") || field.name().endsWith("_by_user_id")) {
                UUID actor = uuidOrNull(event.get(field.pos()));
                if (actor != null) {
                    return actor;
                }
            }
        }
        for (String name : ACTOR_FIELDS) {
            Schema.Field field = schema.getField(name);
            if (field != null) {
                return uuidOrNull(event.get(field.pos()));
            }
        }
        return null;
    }

    private static String details(SpecificRecord event) {
        StringBuilder json = new StringBuilder("{");
        for (Schema.Field field : event.getSchema().getFields()) {
            if (OMITTED.contains(field.name())) {
                continue;
            }
            if (json.length() > 1) {
                json.append(", ");
            }
            // GenericData writes any Avro value (strings quoted and escaped, records and arrays nested) as JSON.
            json.append(GenericData.get().toString(field.name())).append(": ")
                    .append(GenericData.get().toString(event.get(field.pos())));
        }
        return json.append('}').toString();
    }

    private static UUID uuidOrNull(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException notAUser) {
            return null;
        }
    }
}
