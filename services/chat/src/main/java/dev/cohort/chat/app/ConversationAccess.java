package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MemberRow;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may see and do what in a conversation. Public channels are readable by anyone signed in; groups' members
 * are private but their existence is not (PERMISSION_DENIED); private channels and directs do not exist for
 * non-members (NOT_FOUND, the same answer as for an id that was never used). Admins may read and moderate all.
 */
public class ConversationAccess {

    /** Most conversations a user's presence is pushed to. */
    private static final int PRESENCE_FAN_OUT_LIMIT = 1000;

    private final ConversationStore conversations;

    public ConversationAccess(ConversationStore conversations) {
        this.conversations = conversations;
    }

    /** Throws unless {@code actor} may read the conversation. */
    public void requireReadable(Actor actor, UUID conversationId) {
        readable(actor, conversationId);
    }

    /** Throws unless {@code actor} is a member (typing, read markers). */
    public void requireMember(Actor actor, UUID conversationId) {
        ConversationRow conversation = find(conversationId);
        membership(actor, conversation).orElseThrow(() -> notMember(conversation));
    }

    /** The conversation, if {@code actor} may read it. */
    public ConversationRow readable(Actor actor, UUID conversationId) {
        ConversationRow conversation = find(conversationId);
        if (actor.admin() || conversation.publiclyReadable()
                || conversations.member(conversationId, actor.userId()).isPresent()) {
            return conversation;
        }
        throw notMember(conversation);
    }

    /** {@code actor}'s membership; empty for an admin who is not a member. Throws if they are neither. */
    public Optional<MemberRow> memberOrAdmin(Actor actor, ConversationRow conversation) {
        Optional<MemberRow> member = membership(actor, conversation);
        if (member.isEmpty() && !actor.admin()) {
            throw notMember(conversation);
        }
        return member;
    }

    /** Throws unless {@code actor} owns the conversation (or is an admin). */
    public void requireOwner(Actor actor, ConversationRow conversation) {
        Optional<MemberRow> member = memberOrAdmin(actor, conversation);
        if (!actor.admin() && !member.map(MemberRow::owner).orElse(false)) {
            throw new PermissionDeniedException("NOT_CONVERSATION_OWNER",
                    "Only the conversation's owners may do this.");
        }
    }

    /** Ids of the conversations {@code userId} is a member of (for presence). */
    public List<UUID> conversationIdsOf(UUID userId) {
        return conversations.idsOfMember(userId, PRESENCE_FAN_OUT_LIMIT);
    }

    private Optional<MemberRow> membership(Actor actor, ConversationRow conversation) {
        return conversations.member(conversation.id(), actor.userId());
    }

    private ConversationRow find(UUID conversationId) {
        return conversations.find(conversationId).orElseThrow(() -> notFound(conversationId));
    }

    /** The refusal for a non-member: NOT_FOUND where existence itself is private. */
    static RuntimeException notMember(ConversationRow conversation) {
        if (conversation.existenceIsPublic()) {
            return new PermissionDeniedException("NOT_A_MEMBER", "Only members of this conversation may do this.");
        }
        return notFound(conversation.id());
    }

    static NotFoundException notFound(UUID conversationId) {
        return new NotFoundException("CONVERSATION_NOT_FOUND", "No conversation " + conversationId + ".");
    }
}
