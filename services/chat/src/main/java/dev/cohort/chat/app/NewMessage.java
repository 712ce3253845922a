package dev.cohort.chat.app;

import dev.cohort.chat.domain.Mention;
import java.util.List;
import java.util.UUID;

/**
 * A message to post, as validated by the contract (text length, ids are UUIDs).
 *
 * @param replyTo the message replied to (any message of the thread; the reply joins its root's thread); null
 *                for a top-level message
 * @param mentionEveryone every member is to be notified (channels only); carried by the event, not stored
 */
public record NewMessage(UUID conversationId, String text, String clientMessageId, UUID replyTo,
                         List<Mention> mentions, boolean mentionEveryone) {

    public NewMessage {
        mentions = List.copyOf(mentions);
    }

    /** A message that does not mention everyone. */
    public NewMessage(UUID conversationId, String text, String clientMessageId, UUID replyTo, List<Mention> mentions) {
        this(conversationId, text, clientMessageId, replyTo, mentions, false);
    }
}
