package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.domain.Mention;
import dev.cohort.chat.domain.MentionRules;
import dev.cohort.chat.events.ChatEvents;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MemberRow;
import dev.cohort.chat.store.MessageRow;
import dev.cohort.chat.store.MessageStore;
import dev.cohort.chat.store.ReactionStore;
import dev.cohort.grpc.common.errors.AlreadyExistsException;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to posted messages: edit, delete, reactions, pins. Each locks the message's row, so changes of one
 * message are serial; live frames and events follow only what committed.
 */
public class MessageChanges {

    private final MessageStore messages;
    private final ConversationStore conversations;
    private final ReactionStore reactions;
    private final MessageQueries queries;
    private final MessageViews views;
    private final ConversationAccess access;
    private final ChatEvents events;
    private final LiveFeed live;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public MessageChanges(MessageStore messages, ConversationStore conversations, ReactionStore reactions,
                          MessageQueries queries, MessageViews views, ConversationAccess access, ChatEvents events,
                          LiveFeed live, TransactionTemplate transactions, Clock clock) {
        this.messages = messages;
        this.conversations = conversations;
        this.reactions = reactions;
        this.queries = queries;
        this.views = views;
        this.access = access;
        this.events = events;
        this.live = live;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The author replaces the text; mentioned users must be members. */
    public MessageView edit(Actor actor, UUID messageId, String text, List<Mention> mentions) {
        MentionRules.requireInside(text, mentions);
        return change(actor, messageId, target -> {
            if (!target.message.authorId().equals(actor.userId())) {
                throw new PermissionDeniedException("NOT_MESSAGE_AUTHOR", "Only its author may edit a message.");
            }
            target.requireMember();
            target.requireWritable();
            for (Mention mention : mentions) {
                if (conversations.member(target.conversation.id(), mention.userId()).isEmpty()) {
                    throw new FailedPreconditionException("MENTIONED_USER_NOT_MEMBER",
                            "Mentioned user " + mention.userId() + " is not a member of this conversation.");
                }
            }
            messages.edit(messageId, text, mentions, clock.instant());
            MessageRow edited = reload(messageId);
            events.edited(edited, actor.userId());
            return publish(new LiveChange.MessageUpdated(views.of(edited, null)), edited, actor);
        });
    }

    /**
     * Deletes softly: the text and mentions are erased, reactions dropped, the sequence kept. The author, an
     * owner of the conversation, or an admin; deleting a deleted message changes nothing.
     */
    public MessageView delete(Actor actor, UUID messageId) {
        return change(actor, messageId, target -> {
            boolean author = target.message.authorId().equals(actor.userId());
            Optional<MemberRow> member = conversations.member(target.conversation.id(), actor.userId());
            boolean owner = member.map(MemberRow::owner).orElse(false);
            if (!(author && member.isPresent()) && !owner && !actor.admin()) {
                throw new PermissionDeniedException("NOT_MESSAGE_AUTHOR",
                        "Only its author, the conversation's owners or an admin may delete a message.");
            }
            if (target.message.deleted()) {
                return views.of(target.message, actor.userId());
            }
            messages.tombstone(messageId, actor.userId(), clock.instant());
            reactions.removeAll(messageId);
            MessageRow deleted = reload(messageId);
            events.deleted(deleted, actor.userId());
            return publish(new LiveChange.MessageDeleted(views.of(deleted, null)), deleted, actor);
        });
    }

    /** Adds {@code actor}'s reaction; a second identical one is ALREADY_EXISTS. */
    public MessageView react(Actor actor, UUID messageId, String emoji) {
        return change(actor, messageId, target -> {
            target.requireMember();
            target.requireWritable();
            if (!reactions.add(messageId, actor.userId(), emoji, clock.instant())) {
                throw new AlreadyExistsException("REACTION_EXISTS", "You already reacted with " + emoji + ".");
            }
            events.reactionAdded(target.conversation.id(), messageId, actor.userId(), emoji);
            AfterCommit.publish(live, new LiveChange.ReactionChanged(target.conversation.id(), messageId,
                    actor.userId(), emoji, true));
            return views.of(target.message, actor.userId());
        });
    }

    /** Removes {@code actor}'s reaction with {@code emoji}. */
    public MessageView unreact(Actor actor, UUID messageId, String emoji) {
        return change(actor, messageId, target -> {
            target.requireMember();
            target.requireWritable();
            if (!reactions.remove(messageId, actor.userId(), emoji)) {
                throw new NotFoundException("REACTION_NOT_FOUND", "You have no " + emoji + " reaction on it.");
            }
            events.reactionRemoved(target.conversation.id(), messageId, actor.userId(), emoji);
            AfterCommit.publish(live, new LiveChange.ReactionChanged(target.conversation.id(), messageId,
                    actor.userId(), emoji, false));
            return views.of(target.message, actor.userId());
        });
    }

    /** Owners (and admins) pin or unpin; pinning a pinned message changes nothing. */
    public MessageView pin(Actor actor, UUID messageId, boolean pinned) {
        return change(actor, messageId, target -> {
            access.requireOwner(actor, target.conversation);
            target.requireWritable();
            if (target.message.pinned() == pinned) {
                return views.of(target.message, actor.userId());
            }
            messages.setPinned(messageId, pinned);
            MessageRow changed = reload(messageId);
            return publish(new LiveChange.MessageUpdated(views.of(changed, null)), changed, actor);
        });
    }

    private MessageView publish(LiveChange change, MessageRow row, Actor actor) {
        AfterCommit.publish(live, change);
        return views.of(row, actor.userId());
    }

    private MessageRow reload(UUID messageId) {
        return messages.find(messageId).orElseThrow();
    }

    /** Runs {@code work} in a transaction on the locked message, once {@code actor} may read its conversation. */
    private MessageView change(Actor actor, UUID messageId, Function<Target, MessageView> work) {
        return transactions.execute(status -> {
            MessageRow message = messages.lock(messageId).orElseThrow(() -> MessageQueries.messageNotFound(messageId));
            ConversationRow conversation = queries.conversationOf(actor, message);
            return work.apply(new Target(actor, conversation, message));
        });
    }

    /** The message being changed, its conversation, and the checks most changes share. */
    private final class Target {
        final Actor actor;
        final ConversationRow conversation;
        final MessageRow message;

        Target(Actor actor, ConversationRow conversation, MessageRow message) {
            this.actor = actor;
            this.conversation = conversation;
            this.message = message;
        }

        void requireMember() {
            access.memberOrAdmin(actor, conversation);
        }

        void requireWritable() {
            Conversations.requireOpen(conversation);
            if (message.deleted()) {
                throw new FailedPreconditionException("MESSAGE_DELETED", "This message was deleted.");
            }
        }
    }
}
