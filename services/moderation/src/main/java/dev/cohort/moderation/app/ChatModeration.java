package dev.cohort.moderation.app;

import java.util.UUID;

/** Chat, as moderation acts on it: with the moderator's own identity, so chat authorises them (an admin). */
public interface ChatModeration {

    /** Deletes the message for every member; a message already deleted counts as done. */
    void removeMessage(UUID messageId);
}
