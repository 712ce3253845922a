package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.domain.ConversationKind;
import dev.cohort.chat.domain.Mention;
import dev.cohort.chat.domain.MentionRules;
import dev.cohort.chat.events.ChatEvents;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.MessageRow;
import dev.cohort.chat.store.MessageStore;
import dev.cohort.chat.store.PostingStore;
import dev.cohort.groupcommit.BatchHandler;
import dev.cohort.groupcommit.GroupCommit;
import dev.cohort.groupcommit.GroupCommitSettings;
import dev.cohort.groupcommit.GroupCommitStats;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import dev.cohort.grpc.common.ids.TimeOrderedUuids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts messages with group commit: chat's rules for a batch of sends, plugged into the group-commit engine
 * ({@code libs/group-commit}, ADR 0025), which queues sends per lane (a conversation always maps to the same lane),
 * hands each lane's waiting sends, up to a batch, to {@link Posting}, refuses sends when a lane is full
 * (SERVER_BUSY) or the writer stopped (SHUTTING_DOWN) and drains on stop. A batch is one transaction: the
 * conversations' rows locked (in id order), the checks made under the lock, sequences handed out, messages and
 * outbox events inserted with batched statements. One commit then serves many senders, which is what lets chat
 * persist more messages per second than one transaction per message could (ADR 0015). A message is acknowledged
 * only after its batch committed, and only then published to live streams, in sequence order.
 *
 * <p>A send that breaks a rule fails alone; if a whole batch fails unexpectedly the engine writes its messages
 * again one transaction each, so one bad message never takes its neighbours down with it.
 */
public class MessageWriter implements SmartLifecycle {

    /** Member ids the writer keeps between batches (some tens of MB at most), over all conversations. */
    private static final int MEMBER_IDS_KEPT = 100_000;

    private final MessageStore messages;
    private final PostingStore posting;
    private final ChatEvents events;
    private final LiveFeed live;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SendRateLimit rateLimit;
    private final FloodGuard floodGuard;
    private final Blocks blocks;
    private final MemberLists memberLists = new MemberLists(MEMBER_IDS_KEPT);
    private final DeliveryProbe probe;
    private final GroupCommit<Pending, List<Outcome>> engine;

    public MessageWriter(MessageStore messages, PostingStore posting,
                         ChatEvents events, LiveFeed live,
                         TransactionTemplate transactions, Clock clock, SendRateLimit rateLimit, FloodGuard floodGuard,
                         Blocks blocks, DeliveryProbe probe,
                         int laneCount,
                         int queueCapacity, int maxBatch) {
        this.messages = messages;
        this.posting = posting;
        this.events = events;
        this.live = live;
        this.transactions = transactions;
        this.clock = clock;
        this.rateLimit = rateLimit;
        this.floodGuard = floodGuard;
        this.blocks = blocks;
        this.probe = probe;
        this.engine = new GroupCommit<>(new GroupCommitSettings("chat-writer", laneCount, queueCapacity, maxBatch),
                Pending::conversationId, new Posting());
    }

    /**
     * Queues {@code message} for posting by {@code actor}. The future completes with the stored message (the one
     * stored earlier when this is a retry of the same client message id), or fails with the rule it broke. Refused
     * at once with RESOURCE_EXHAUSTED (SERVER_BUSY) when the writer's lane is full, UNAVAILABLE (SHUTTING_DOWN)
     * when the writer has stopped.
     */
    public CompletableFuture<MessageView> send(Actor actor, NewMessage message) {
        MentionRules.requireInside(message.text(), message.mentions());
        rateLimit.acquire(actor.userId());
        floodGuard.check(actor.userId(), message.text());
        Pending pending = new Pending(actor, message, new CompletableFuture<>());
        engine.offer(pending);
        probe.reached(DeliveryProbe.Stage.ACCEPTED, message.text());
        return pending.result;
    }

    @Override
    public void start() {
        engine.start();
    }

    /** Stops taking sends and writes everything already queued: nothing accepted is lost on shutdown. */
    @Override
    public void stop() {
        engine.stop();
    }

    @Override
    public boolean isRunning() {
        return engine.isRunning();
    }

    /** Stop after the live layer (which stops first and tells clients to reconnect) and before the data source. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    /** The writer's batches so far: how many, how big, how long. */
    public GroupCommitStats stats() {
        return engine.stats();
    }

    /** Chat's side of a batch: one transaction that checks and writes it, then the answers and one publish. */
    private final class Posting implements BatchHandler<Pending, List<Outcome>> {

        /**
         * First without looking for earlier sends under the batch's idempotency keys (one round trip fewer): a
         * retry is rare, and the insert skips a message whose key is already stored. If one was skipped, the
         * transaction is rolled back and the batch written again, this time reading the earlier sends first.
         */
        @Override
        public List<Outcome> write(List<Pending> batch) {
            try {
                return transactions.execute(status -> writeInTransaction(batch, false));
            } catch (EarlierSendFound retried) {
                return transactions.execute(status -> writeInTransaction(batch, true));
            }
        }

        @Override
        public void committed(List<Pending> batch, List<Outcome> outcomes) {
            for (Outcome outcome : outcomes) {
                if (outcome.posted) {
                    probe.reached(DeliveryProbe.Stage.COMMITTED, outcome.message.text());
                }
                outcome.complete();
            }
            // One publish for the whole batch, in sequence order within each conversation.
            List<LiveChange> posted = new ArrayList<>(outcomes.size());
            for (Outcome outcome : outcomes) {
                if (outcome.posted) {
                    posted.add(new LiveChange.MessagePosted(outcome.message));
                }
            }
            if (!posted.isEmpty()) {
                live.publishAll(posted);
            }
        }

        @Override
        public void failed(Pending pending, RuntimeException failure) {
            pending.result.completeExceptionally(failure);
        }
    }

    /** What became of one send: the message (new or stored before), or the rule it broke. */
    private static final class Outcome {
        final Pending pending;
        MessageView message;
        RuntimeException refusal;
        boolean posted;

        Outcome(Pending pending) {
            this.pending = pending;
        }

        void complete() {
            if (refusal != null) {
                pending.result.completeExceptionally(refusal);
            } else {
                pending.result.complete(message);
            }
        }
    }

    /**
     * Writes the batch in the caller's transaction. With {@code lookForEarlier} false, and when the kept member
     * lists are all current, the checks need nothing from PostgreSQL beyond the lock: the query for earlier sends
     * is skipped, and an insert that finds one throws {@link EarlierSendFound} (the caller rolls back and writes
     * the batch again with {@code lookForEarlier}).
     */
    private List<Outcome> writeInTransaction(List<Pending> batch, boolean lookForEarlier) {
        Instant now = clock.instant();
        Map<UUID, List<Pending>> byConversation = new HashMap<>();
        for (Pending pending : batch) {
            byConversation.computeIfAbsent(pending.message.conversationId(), id -> new ArrayList<>()).add(pending);
        }
        Map<UUID, ConversationRow> locked = new HashMap<>();
        Map<UUID, MemberLists.MemberList> members = new HashMap<>();
        Map<UUID, Long> staleMembers = new HashMap<>();
        for (PostingStore.LockedConversation row : posting.lock(byConversation.keySet())) {
            UUID id = row.conversation().id();
            locked.put(id, row.conversation());
            MemberLists.MemberList kept = memberLists.current(id, row.membersVersion());
            if (kept != null) {
                members.put(id, kept);
            } else {
                staleMembers.put(id, row.membersVersion());
            }
        }
        // Round trips to PostgreSQL are most of a batch's cost, whatever its size: one query reads what the checks
        // need for every conversation of the batch (members only where they changed since the writer last read
        // them), one statement writes the messages (PostingStore). While every kept member list is current, that
        // query is needed only for retries, which the insert finds by itself (ADR 0081), so it is skipped.
        boolean readState = lookForEarlier || !staleMembers.isEmpty();
        Map<UUID, PostingStore.PostingState> states = readState
                ? posting.stateOf(locked.keySet(), staleMembers.keySet(), clientKeys(batch))
                : Map.of();
        staleMembers.forEach((id, version) -> members.put(id,
                memberLists.remember(id, version, states.get(id).memberIds())));
        BatchContext context = new BatchContext(members, storedEarlier(states), parents(batch), now);
        Map<Pending, Outcome> outcomes = new IdentityHashMap<>();
        for (Map.Entry<UUID, List<Pending>> entry : byConversation.entrySet()) {
            ConversationRow conversation = locked.get(entry.getKey());
            List<Pending> sends = entry.getValue();
            if (conversation == null) {
                sends.forEach(p -> refuse(outcomes, p, ConversationAccess.notFound(entry.getKey())));
                continue;
            }
            new ConversationBatch(conversation, sends, outcomes, context).write();
        }
        int inserted = posting.post(context.inserts, context.replies, context.advances, now);
        if (inserted < context.inserts.size()) {
            if (readState) {
                // The earlier sends were read under the lock, so none can be missing: the database disagrees.
                throw new IllegalStateException("messages already stored although no earlier send was found");
            }
            throw new EarlierSendFound();
        }
        if (!context.posted.isEmpty()) {
            events.posted(context.posted);
        }
        return batch.stream().map(outcomes::get).toList();
    }

    private static void refuse(Map<Pending, Outcome> outcomes, Pending pending, RuntimeException refusal) {
        Outcome outcome = new Outcome(pending);
        outcome.refusal = refusal;
        outcomes.put(pending, outcome);
    }

    private static Set<MessageStore.ClientKey> clientKeys(List<Pending> batch) {
        Set<MessageStore.ClientKey> keys = new LinkedHashSet<>();
        for (Pending pending : batch) {
            keys.add(new MessageStore.ClientKey(pending.message.conversationId(), pending.actor.userId(),
                    pending.message.clientMessageId()));
        }
        return keys;
    }

    /** The messages already stored under the batch's idempotency keys (retries of earlier sends), by key. */
    private Map<String, MessageRow> storedEarlier(Map<UUID, PostingStore.PostingState> states) {
        List<UUID> ids = new ArrayList<>();
        states.values().forEach(state -> ids.addAll(state.earlierMessageIds()));
        Map<String, MessageRow> stored = new HashMap<>();
        if (!ids.isEmpty()) {
            for (MessageRow row : messages.findAll(ids)) {
                stored.put(idempotencyKey(row.conversationId(), row.authorId(), row.clientMessageId()), row);
            }
        }
        return stored;
    }

    /** The messages the batch replies to. */
    private Map<UUID, MessageRow> parents(List<Pending> batch) {
        Set<UUID> ids = new LinkedHashSet<>();
        batch.stream().map(p -> p.message.replyTo()).filter(id -> id != null).forEach(ids::add);
        Map<UUID, MessageRow> parents = new HashMap<>();
        if (!ids.isEmpty()) {
            messages.findAll(ids).forEach(row -> parents.put(row.id(), row));
        }
        return parents;
    }

    /** What one batch read up front, and what it writes at the end. */
    private static final class BatchContext {
        final Map<UUID, MemberLists.MemberList> members;
        final Map<String, MessageRow> stored;
        final Map<UUID, MessageRow> parents;
        final Instant now;
        final List<MessageRow> inserts = new ArrayList<>();
        final List<ChatEvents.Posted> posted = new ArrayList<>();
        final Map<UUID, Integer> replies = new HashMap<>();
        final Map<UUID, Long> advances = new HashMap<>();

        BatchContext(Map<UUID, MemberLists.MemberList> members, Map<String, MessageRow> stored,
                     Map<UUID, MessageRow> parents, Instant now) {
            this.members = members;
            this.stored = stored;
            this.parents = parents;
            this.now = now;
        }
    }

    /** The sends of one locked conversation in one batch: checked, deduplicated, numbered. */
    private final class ConversationBatch {
        private final ConversationRow conversation;
        private final List<Pending> sends;
        private final Map<Pending, Outcome> outcomes;
        private final BatchContext context;

        ConversationBatch(ConversationRow conversation, List<Pending> sends, Map<Pending, Outcome> outcomes,
                          BatchContext context) {
            this.conversation = conversation;
            this.sends = sends;
            this.outcomes = outcomes;
            this.context = context;
        }

        void write() {
            Set<UUID> members = context.members.get(conversation.id()).ids();
            long sequence = conversation.lastSequence();
            for (Pending pending : sends) {
                String key = idempotencyKey(conversation.id(), pending.actor.userId(), pending.message.clientMessageId());
                MessageRow earlier = context.stored.get(key);
                if (earlier != null) {
                    Outcome outcome = new Outcome(pending);
                    outcome.message = MessageViews.fresh(earlier);
                    outcomes.put(pending, outcome);
                    continue;
                }
                RuntimeException refusal = check(pending, members);
                if (refusal != null) {
                    refuse(outcomes, pending, refusal);
                    continue;
                }
                MessageRow parent = pending.message.replyTo() == null ? null
                        : context.parents.get(pending.message.replyTo());
                UUID root = parent == null ? null : parent.threadRootId() != null ? parent.threadRootId() : parent.id();
                // Time-ordered ids: the primary key index grows at its right edge instead of at random pages.
                MessageRow row = new MessageRow(TimeOrderedUuids.next(), conversation.id(), ++sequence,
                        pending.actor.userId(), pending.message.clientMessageId(), pending.message.text(),
                        pending.message.mentions(), root, 0, false, context.now, null, null, null);
                context.inserts.add(row);
                context.stored.put(key, row);
                if (root != null) {
                    context.replies.merge(root, 1, Integer::sum);
                }
                context.posted.add(new ChatEvents.Posted(conversation, row, pending.message.mentionEveryone()));
                Outcome outcome = new Outcome(pending);
                outcome.message = MessageViews.fresh(row);
                outcome.posted = true;
                outcomes.put(pending, outcome);
            }
            if (sequence != conversation.lastSequence()) {
                context.advances.put(conversation.id(), sequence);
            }
        }

        private RuntimeException check(Pending pending, Set<UUID> members) {
            if (!members.contains(pending.actor.userId()) && !pending.actor.admin()) {
                return ConversationAccess.notMember(conversation);
            }
            if (conversation.archived()) {
                return Conversations.archived();
            }
            // In memory (Blocks keeps each sender's blocks), so the hot path gains no round trip (ADR 0036).
            if (conversation.kind() == ConversationKind.DIRECT && blocks.anyWith(pending.actor.userId(), members)) {
                return new PermissionDeniedException(Contacts.DIRECT_MESSAGES_NOT_ALLOWED,
                        "Not allowed to send messages in this direct conversation.");
            }
            UUID replyTo = pending.message.replyTo();
            if (replyTo != null) {
                MessageRow parent = context.parents.get(replyTo);
                // A message of another conversation is not there to reply to: the same answer as a missing one,
                // so replies cannot probe for messages of conversations the sender cannot read (ADR 0024).
                if (parent == null || !parent.conversationId().equals(conversation.id())) {
                    return new NotFoundException("MESSAGE_NOT_FOUND", "No message " + replyTo + " to reply to.");
                }
            }
            if (pending.message.mentionEveryone() && conversation.kind() != ConversationKind.CHANNEL) {
                return new FailedPreconditionException("MENTION_EVERYONE_NOT_ALLOWED",
                        "Only a channel's messages may mention everyone.");
            }
            for (Mention mention : pending.message.mentions()) {
                if (!members.contains(mention.userId())) {
                    return new FailedPreconditionException("MENTIONED_USER_NOT_MEMBER",
                            "Mentioned user " + mention.userId() + " is not a member of this conversation.");
                }
            }
            return null;
        }
    }

    private static String idempotencyKey(UUID conversationId, UUID author, String clientMessageId) {
        return conversationId + "/" + author + "/" + clientMessageId;
    }

    /** A send of the batch was a retry of one already stored: write the batch again, looking for earlier sends. */
    private static final class EarlierSendFound extends RuntimeException {
        EarlierSendFound() {
            super("a send of the batch is already stored", null, false, false);
        }
    }

    /** A send waiting for its batch. Equal only to itself (each holds its own future), as the engine asks. */
    private record Pending(Actor actor, NewMessage message, CompletableFuture<MessageView> result) {

        UUID conversationId() {
            return message.conversationId();
        }
    }
}
