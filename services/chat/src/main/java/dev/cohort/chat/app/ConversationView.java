package dev.cohort.chat.app;

import dev.cohort.chat.store.ConversationRow;
import java.util.List;

/**
 * A conversation as one reader sees it: its number of members and the first few of them (a preview; the list
 * itself is paged), its newest message (null if none), the reader's read marker and unread count (0 for readers
 * who are not members).
 */
public record ConversationView(ConversationRow conversation, int memberCount, List<MemberView> memberPreview,
                               MessageView lastMessage, long lastReadSequence, long unreadCount) {

    public ConversationView {
        memberPreview = List.copyOf(memberPreview);
    }
}
