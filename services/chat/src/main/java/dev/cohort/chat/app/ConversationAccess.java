package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MemberRow;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who may see and do what in a conversation, decided in one place. Public channels are readable by anyone signed
 * in; every other conversation (private channels, directs, group conversations) by its members only; admins read
 * and moderate all. What {@code actor} may not read is absent to them: it answers exactly as an id that was never
 * used (the same {@link #notFound} for both, after the same single query), so no answer, detail or side effect
 * tells an unseen conversation from a missing one (ADR 0024). Only a conversation the caller can read may answer
 * PERMISSION_DENIED (a public channel's non-members, who may join it).
 */
public class ConversationAccess {

    /** Most conversations a user's presence is pushed to. */
    private static final int PRESENCE_FAN_OUT_LIMIT = 1000;

    private final ConversationStore conversations;
    private final Blocks blocks;

    public ConversationAccess(ConversationStore conversations, Blocks blocks) {
        this.conversations = conversations;
        this.blocks = blocks;
    }

    /** Throws unless {@code actor} may read the conversation. */
    public void requireReadable(Actor actor, UUID conversationId) {
        readable(actor, conversationId);
    }

    /** Throws unless {@code actor} is a member (typing, read markers). */
    public void requireMember(Actor actor, UUID conversationId) {
        ConversationStore.Sighting seen = sighting(actor, conversationId);
        if (seen.membership().isEmpty()) {
            throw notMember(seen.conversation(), actor);
        }
    }

    /**
     * Throws unless {@code actor} may read the conversation; true if its members' presence is theirs to see there:
     * they are a member (so they share it with every other member) or an admin (ADR 0024). A reader of a public
     * channel who is no member gets false: they see its messages, not who of its members is online.
     */
    public boolean readableSeeingPresence(Actor actor, UUID conversationId) {
        ConversationStore.Sighting seen = sighting(actor, conversationId);
        return seen.membership().isPresent() || actor.admin();
    }

    /** The conversation, if {@code actor} may read it. */
    public ConversationRow readable(Actor actor, UUID conversationId) {
        return sighting(actor, conversationId).conversation();
    }

    /** {@code actor}'s membership; empty for an admin who is not a member. Throws if they are neither. */
    public Optional<MemberRow> memberOrAdmin(Actor actor, ConversationRow conversation) {
        Optional<MemberRow> member = conversations.member(conversation.id(), actor.userId());
        if (member.isEmpty() && !actor.admin()) {
            throw notMember(conversation, actor);
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

    /** Whether a block (either way) keeps {@code a} and {@code b} from seeing each other's presence and typing. */
    public boolean blockedBetween(UUID a, UUID b) {
        return blocks.between(a, b);
    }

    /** Ids of the conversations {@code userId} is a member of (for presence). */
    public List<UUID> conversationIdsOf(UUID userId) {
        return conversations.idsOfMember(userId, PRESENCE_FAN_OUT_LIMIT);
    }

    /**
     * Which of {@code userIds} {@code actor} may see the presence of: themselves, and the people who share a
     * conversation with them (both members of one same conversation; a study group's conversation holds its
     * members, so sharing a group counts), unless a block stands between them (ADR 0036); admins see everyone's.
     * For the others, presence answers as for a user who does not exist (ADR 0024).
     */
    public Set<UUID> presenceVisibleTo(Actor actor, Collection<UUID> userIds) {
        if (actor.admin()) {
            return Set.copyOf(userIds);
        }
        Set<UUID> visible = new HashSet<>(conversations.sharingAConversation(actor.userId(), userIds));
        visible.removeAll(blocks.of(actor.userId()));
        if (userIds.contains(actor.userId())) {
            visible.add(actor.userId());
        }
        return visible;
    }

    /**
     * The conversation and {@code actor}'s membership in one query, whatever the outcome: an unreadable
     * conversation costs what a missing one does.
     */
    private ConversationStore.Sighting sighting(Actor actor, UUID conversationId) {
        ConversationStore.Sighting seen = conversations.findAsSeenBy(conversationId, actor.userId())
                .orElseThrow(() -> notFound(conversationId));
        if (seen.membership().isEmpty() && !actor.admin() && !seen.conversation().publiclyReadable()) {
            throw notFound(conversationId);
        }
        return seen;
    }

    /**
     * The refusal for a caller who is not a member: PERMISSION_DENIED where they may read the conversation (a
     * public channel, or any conversation for an admin), else NOT_FOUND, as for a missing one.
     */
    static RuntimeException notMember(ConversationRow conversation, Actor actor) {
        if (conversation.publiclyReadable() || actor.admin()) {
            return new PermissionDeniedException("NOT_A_MEMBER", "Only members of this conversation may do this.");
        }
        return notFound(conversation.id());
    }

    /** The refusal for a caller who is neither a member nor an admin (the message writer's check). */
    static RuntimeException notMember(ConversationRow conversation) {
        return conversation.publiclyReadable()
                ? new PermissionDeniedException("NOT_A_MEMBER", "Only members of this conversation may do this.")
                : notFound(conversation.id());
    }

    /** The one answer for a conversation that does not exist or that the caller may not read. */
    static NotFoundException notFound(UUID conversationId) {
        return new NotFoundException("CONVERSATION_NOT_FOUND", "No conversation " + conversationId + ".");
    }
}
