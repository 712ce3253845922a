package dev.cohort.chat.app;

import java.util.List;
import java.util.UUID;

/**
 * A committed change that the members following a conversation should see at once. The use cases hand each one
 * to {@link LiveFeed} after their transaction commits; the live layer turns them into stream frames.
 */
public sealed interface LiveChange {

    UUID conversationId();

    /** A message was posted; frames of one conversation must reach clients in {@code sequence} order. */
    record MessagePosted(MessageView message) implements LiveChange {
        public UUID conversationId() {
            return message.conversationId();
        }
    }

    /** A message's text or pin changed. */
    record MessageUpdated(MessageView message) implements LiveChange {
        public UUID conversationId() {
            return message.conversationId();
        }
    }

    /** A message was deleted: {@code message} is the tombstone. */
    record MessageDeleted(MessageView message) implements LiveChange {
        public UUID conversationId() {
            return message.conversationId();
        }
    }

    /** {@code userId} added ({@code added}) or removed a reaction. */
    record ReactionChanged(UUID conversationId, UUID messageId, UUID userId, String emoji, boolean added)
            implements LiveChange {
    }

    /** {@code userId}'s read marker moved forward. */
    record ReadMarkerMoved(UUID conversationId, UUID userId, long lastReadSequence) implements LiveChange {
    }

    /** Members joined or left, or the conversation was archived. */
    record MembersChanged(UUID conversationId, List<UUID> added, List<UUID> removed, boolean archived)
            implements LiveChange {
        public MembersChanged {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }
}
