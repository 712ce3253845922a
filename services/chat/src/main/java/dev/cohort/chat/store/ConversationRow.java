package dev.cohort.chat.store;

import dev.cohort.chat.domain.ConversationKind;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code conversations}. */
public record ConversationRow(UUID id, ConversationKind kind, String name, String topic, boolean privateChannel,
                              UUID sectionId, UUID groupId, long groupMemberListVersion, String directKey,
                              Instant archivedAt, long lastSequence, Instant lastMessageAt, Instant createdAt,
                              UUID createdBy) {

    public boolean archived() {
        return archivedAt != null;
    }

    /** Readable by any signed-in user: public channels only. */
    public boolean publiclyReadable() {
        return kind == ConversationKind.CHANNEL && !privateChannel;
    }

    /** When it was last active: its newest message, else its creation. */
    public Instant activityAt() {
        return lastMessageAt != null ? lastMessageAt : createdAt;
    }
}
