package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.domain.ConversationKind;
import dev.cohort.chat.domain.MemberRole;
import dev.cohort.chat.events.ChatEvents;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MemberRow;
import dev.cohort.grpc.common.errors.AlreadyExistsException;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating conversations and changing who is in them. Each change locks the conversation's row first, so member
 * changes of one conversation are serial and their events keep commit order, and the member cap is checked on a
 * count no concurrent add can change before the commit. Only registered users are added (ADR 0024).
 */
public class Conversations {

    /** Most people in a direct conversation, the caller included. */
    public static final int MAX_DIRECT_PARTICIPANTS = 8;

    private final ConversationStore conversations;
    private final ConversationAccess access;
    private final ConversationQueries queries;
    private final KnownUsers users;
    private final Contacts contacts;
    private final int maxMembers;
    private final ChatEvents events;
    private final LiveFeed live;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public Conversations(ConversationStore conversations, ConversationAccess access, ConversationQueries queries,
                         KnownUsers users, Contacts contacts, int maxMembers, ChatEvents events, LiveFeed live,
                         TransactionTemplate transactions, Clock clock) {
        if (maxMembers < MAX_DIRECT_PARTICIPANTS) {
            throw new IllegalArgumentException("cohort.chat.max-members must be at least " + MAX_DIRECT_PARTICIPANTS);
        }
        this.conversations = conversations;
        this.access = access;
        this.queries = queries;
        this.users = users;
        this.contacts = contacts;
        this.maxMembers = maxMembers;
        this.events = events;
        this.live = live;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A new channel owned by {@code actor}, with {@code memberIds} as members. */
    public ConversationView createChannel(Actor actor, String name, String topic, boolean privateChannel,
                                          UUID sectionId, Collection<UUID> memberIds) {
        if (sectionId != null && !actor.instructor() && !actor.admin()) {
            throw new PermissionDeniedException("INSTRUCTOR_ONLY",
                    "Only instructors and admins may attach a channel to a course section.");
        }
        List<UUID> others = memberIds.stream().distinct().filter(id -> !id.equals(actor.userId())).toList();
        users.requireRegistered("member_user_ids", List.copyOf(memberIds), actor.userId());
        contacts.requireMayInvite(actor, others);
        requireRoom(0, 1 + others.size());
        Instant now = clock.instant();
        ConversationRow channel = new ConversationRow(UUID.randomUUID(), ConversationKind.CHANNEL, name.strip(),
                topic.strip(), privateChannel, sectionId, null, 0, null, null, 0, null, now, actor.userId());
        transactions.executeWithoutResult(status -> {
            conversations.insert(channel);
            add(channel.id(), actor.userId(), MemberRole.OWNER, actor.userId(), now);
            others.forEach(member -> add(channel.id(), member, MemberRole.MEMBER, actor.userId(), now));
        });
        return queries.view(actor, channel.id());
    }

    /** The direct conversation of {@code actor} and {@code others}, and whether this call created it. */
    public Opened openDirect(Actor actor, Collection<UUID> others) {
        Set<UUID> participants = new TreeSet<>(others);
        participants.add(actor.userId());
        if (participants.size() < 2) {
            throw InvalidArgumentException.of("INVALID_PARTICIPANTS", "participant_user_ids",
                    "name at least one user besides yourself");
        }
        if (participants.size() > MAX_DIRECT_PARTICIPANTS) {
            throw InvalidArgumentException.of("INVALID_PARTICIPANTS", "participant_user_ids",
                    "a direct conversation has at most " + MAX_DIRECT_PARTICIPANTS + " people, you included");
        }
        users.requireRegistered("participant_user_ids", List.copyOf(others), actor.userId());
        String key = participants.stream().map(UUID::toString).collect(Collectors.joining(","));
        Optional<ConversationRow> existing = conversations.findByDirectKey(key);
        // A new direct conversation asks each participant's settings; an existing one is refused only by a block,
        // so a later "nobody" setting does not take away a conversation already had (ADR 0036).
        contacts.requireMayMessage(actor, others, existing.isPresent());
        if (existing.isPresent()) {
            return new Opened(queries.view(actor, existing.get().id()), false);
        }
        Instant now = clock.instant();
        ConversationRow direct = new ConversationRow(UUID.randomUUID(), ConversationKind.DIRECT, "", "", true, null,
                null, 0, key, null, 0, null, now, actor.userId());
        Boolean created = transactions.execute(status -> {
            if (!conversations.insertIfAbsent(direct)) {
                return false; // opened at the same moment by another participant
            }
            for (UUID participant : participants) {
                add(direct.id(), participant, MemberRole.MEMBER, actor.userId(), now);
            }
            return true;
        });
        UUID id = Boolean.TRUE.equals(created) ? direct.id() : conversations.findByDirectKey(key).orElseThrow().id();
        return new Opened(queries.view(actor, id), Boolean.TRUE.equals(created));
    }

    /** {@code actor} joins a public channel. */
    public ConversationView join(Actor actor, UUID conversationId) {
        transactions.executeWithoutResult(status -> {
            ConversationRow conversation = lockReadable(actor, conversationId);
            if (conversations.member(conversationId, actor.userId()).isPresent()) {
                throw new AlreadyExistsException("ALREADY_MEMBER", "You are already a member.");
            }
            if (!conversation.publiclyReadable()) {
                // Only admins get here (others may not read it): they may see it, but not join it.
                if (conversation.kind() == ConversationKind.GROUP) {
                    throw managedByGroup();
                }
                throw ConversationAccess.notMember(conversation, actor);
            }
            requireOpen(conversation);
            requireRoom(conversations.memberCount(conversationId), 1);
            add(conversationId, actor.userId(), MemberRole.MEMBER, actor.userId(), clock.instant());
            AfterCommit.publish(live, new LiveChange.MembersChanged(conversationId, List.of(actor.userId()), List.of(),
                    false));
        });
        return queries.view(actor, conversationId);
    }

    /** An owner (or admin) adds members to a channel: all of them, or none if one already is a member. */
    public ConversationView addMembers(Actor actor, UUID conversationId, Collection<UUID> userIds) {
        transactions.executeWithoutResult(status -> {
            ConversationRow conversation = lockReadable(actor, conversationId);
            requireChannel(conversation);
            access.requireOwner(actor, conversation);
            requireOpen(conversation);
            List<MemberRow> already = conversations.membersAmong(conversationId, userIds);
            if (!already.isEmpty()) {
                throw new AlreadyExistsException("ALREADY_MEMBER", "Already members: "
                        + already.stream().map(m -> m.userId().toString()).collect(Collectors.joining(", ")) + ".");
            }
            users.requireRegistered("user_ids", List.copyOf(userIds), actor.userId());
            contacts.requireMayInvite(actor, userIds);
            Set<UUID> added = new LinkedHashSet<>(userIds);
            requireRoom(conversations.memberCount(conversationId), added.size());
            Instant now = clock.instant();
            added.forEach(user -> add(conversationId, user, MemberRole.MEMBER, actor.userId(), now));
            AfterCommit.publish(live, new LiveChange.MembersChanged(conversationId, List.copyOf(added), List.of(), false));
        });
        return queries.view(actor, conversationId);
    }

    /** An owner (or admin) takes a member out of a channel. */
    public ConversationView removeMember(Actor actor, UUID conversationId, UUID userId) {
        transactions.executeWithoutResult(status -> {
            ConversationRow conversation = lockReadable(actor, conversationId);
            requireChannel(conversation);
            access.requireOwner(actor, conversation);
            if (conversations.member(conversationId, userId).isEmpty()) {
                throw new NotFoundException("MEMBER_NOT_FOUND", "User " + userId + " is not a member.");
            }
            remove(conversationId, userId, actor.userId());
        });
        return queries.view(actor, conversationId);
    }

    /**
     * {@code actor} leaves a channel. When the last owner leaves, the longest-standing member becomes owner, so
     * a channel with members always has one.
     */
    public void leave(Actor actor, UUID conversationId) {
        transactions.executeWithoutResult(status -> {
            ConversationRow conversation = lockReadable(actor, conversationId);
            if (conversations.member(conversationId, actor.userId()).isEmpty()) {
                throw ConversationAccess.notMember(conversation, actor);
            }
            requireChannel(conversation);
            remove(conversationId, actor.userId(), actor.userId());
        });
    }

    /** An owner (or admin) archives a conversation; archiving twice changes nothing. */
    public ConversationView archive(Actor actor, UUID conversationId) {
        transactions.executeWithoutResult(status -> {
            ConversationRow conversation = lockReadable(actor, conversationId);
            access.requireOwner(actor, conversation);
            if (conversation.kind() == ConversationKind.GROUP && !actor.admin()) {
                throw managedByGroup();
            }
            if (!conversation.archived()) {
                conversations.archive(conversationId, clock.instant());
                AfterCommit.publish(live, new LiveChange.MembersChanged(conversationId, List.of(), List.of(), true));
            }
        });
        return queries.view(actor, conversationId);
    }

    /** The result of OpenDirect. */
    public record Opened(ConversationView conversation, boolean created) {
    }

    private void add(UUID conversationId, UUID userId, MemberRole role, UUID by, Instant at) {
        if (conversations.addMember(conversationId, userId, role, at)) {
            events.memberAdded(conversationId, userId, role, by);
        }
    }

    private void remove(UUID conversationId, UUID userId, UUID by) {
        conversations.removeMember(conversationId, userId);
        events.memberRemoved(conversationId, userId, by);
        List<MemberRow> rest = conversations.members(conversationId);
        if (!rest.isEmpty() && rest.stream().noneMatch(MemberRow::owner)) {
            conversations.setRole(conversationId, rest.get(0).userId(), MemberRole.OWNER);
        }
        AfterCommit.publish(live, new LiveChange.MembersChanged(conversationId, List.of(), List.of(userId), false));
    }

    /**
     * Throws FAILED_PRECONDITION TOO_MANY_MEMBERS unless {@code adding} more members fit beside {@code current}.
     * Callers hold the conversation's row lock (or create it), so two adds cannot both fit in the last seats.
     */
    private void requireRoom(int current, int adding) {
        if (current + adding > maxMembers) {
            throw new FailedPreconditionException("TOO_MANY_MEMBERS",
                    "A conversation has at most " + maxMembers + " members; it has " + current + " and "
                            + adding + " more would not fit.",
                    Map.of("maxMembers", Integer.toString(maxMembers)));
        }
    }

    private ConversationRow lock(UUID conversationId) {
        return conversations.lock(conversationId).orElseThrow(() -> ConversationAccess.notFound(conversationId));
    }

    private ConversationRow lockReadable(Actor actor, UUID conversationId) {
        access.requireReadable(actor, conversationId);
        return lock(conversationId);
    }

    private static void requireChannel(ConversationRow conversation) {
        if (conversation.kind() == ConversationKind.GROUP) {
            throw managedByGroup();
        }
        if (conversation.kind() == ConversationKind.DIRECT) {
            throw new FailedPreconditionException("DIRECT_MEMBERS_FIXED",
                    "A direct conversation's members never change; open another one.");
        }
    }

    static void requireOpen(ConversationRow conversation) {
        if (conversation.archived()) {
            throw archived();
        }
    }

    /** The refusal of any write to an archived conversation. */
    static FailedPreconditionException archived() {
        return new FailedPreconditionException("CONVERSATION_ARCHIVED", "This conversation is archived.");
    }

    private static FailedPreconditionException managedByGroup() {
        return new FailedPreconditionException("MANAGED_BY_GROUP",
                "A group conversation follows its study group; join, leave or disband the group instead.");
    }
}
