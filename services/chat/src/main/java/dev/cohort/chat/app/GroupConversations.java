package dev.cohort.chat.app;

import dev.cohort.chat.domain.ConversationKind;
import dev.cohort.chat.domain.MemberRole;
import dev.cohort.chat.events.ChatEvents;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MemberRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps each study group's conversation in step with the group service: created with the group, members added
 * and removed as the member list changes, archived (history kept for its former members) when it is disbanded.
 * Every group event carries the group's member list version; an event older than what was applied is skipped,
 * so redeliveries and reordering cannot undo a newer state. Runs inside the consumer's transaction.
 */
public class GroupConversations {

    /** Below any member list version the group service hands out (they start at 0 or 1). */
    private static final long NOTHING_APPLIED = -1;

    private final ConversationStore conversations;
    private final ChatEvents events;
    private final LiveFeed live;
    private final Clock clock;

    public GroupConversations(ConversationStore conversations, ChatEvents events, LiveFeed live, Clock clock) {
        this.conversations = conversations;
        this.events = events;
        this.live = live;
        this.clock = clock;
    }

    /** The group's members are now {@code memberIds} (owner included), as of {@code memberListVersion}. */
    public void membersAre(UUID groupId, String name, UUID ownerId, long memberListVersion, List<UUID> memberIds) {
        ConversationRow conversation = lockOrCreate(groupId, name);
        if (memberListVersion <= conversation.groupMemberListVersion()) {
            return;
        }
        String newName = name == null ? conversation.name() : name;
        conversations.setGroupState(conversation.id(), newName, memberListVersion);
        Map<UUID, MemberRow> current = conversations.members(conversation.id()).stream()
                .collect(Collectors.toMap(MemberRow::userId, Function.identity()));
        Instant now = clock.instant();
        List<UUID> added = new ArrayList<>();
        for (UUID member : memberIds) {
            MemberRole role = member.equals(ownerId) ? MemberRole.OWNER : MemberRole.MEMBER;
            MemberRow existing = current.remove(member);
            if (existing == null) {
                conversations.addMember(conversation.id(), member, role, now);
                events.memberAdded(conversation.id(), member, role, null);
                added.add(member);
            } else if (existing.role() != role) {
                conversations.setRole(conversation.id(), member, role);
            }
        }
        List<UUID> removed = new ArrayList<>(current.keySet());
        for (UUID former : removed) {
            conversations.removeMember(conversation.id(), former);
            events.memberRemoved(conversation.id(), former, null);
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            AfterCommit.publish(live, new LiveChange.MembersChanged(conversation.id(), added, removed, false));
        }
    }

    /** The group was disbanded: its conversation is archived; its former members keep reading the history. */
    public void disbanded(UUID groupId, long memberListVersion) {
        ConversationRow conversation = lockOrCreate(groupId, null);
        if (memberListVersion < conversation.groupMemberListVersion() || conversation.archived()) {
            return;
        }
        conversations.setGroupState(conversation.id(), conversation.name(), memberListVersion);
        conversations.archive(conversation.id(), clock.instant());
        AfterCommit.publish(live, new LiveChange.MembersChanged(conversation.id(), List.of(), List.of(), true));
    }

    /** The group's conversation, locked; created if this is the first event of the group seen here. */
    private ConversationRow lockOrCreate(UUID groupId, String name) {
        return conversations.lockByGroup(groupId).orElseGet(() -> {
            conversations.insertIfAbsent(new ConversationRow(UUID.randomUUID(), ConversationKind.GROUP,
                    name == null ? "" : name, "", true, null, groupId, NOTHING_APPLIED, null, null, 0, null, clock.instant(),
                    null));
            return conversations.lockByGroup(groupId).orElseThrow();
        });
    }
}
