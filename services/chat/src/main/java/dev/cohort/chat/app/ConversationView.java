package dev.cohort.chat.app;

import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.MemberRow;
import java.util.List;

/**
 * A conversation as one reader sees it: with its members, its newest message (null if none), the reader's read
 * marker and unread count (0 for readers who are not members).
 */
public record ConversationView(ConversationRow conversation, List<MemberRow> members, MessageView lastMessage,
                               long lastReadSequence, long unreadCount) {

    public ConversationView {
        members = List.copyOf(members);
    }
}
