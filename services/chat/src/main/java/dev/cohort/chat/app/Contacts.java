package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.domain.ContactPermission;
import dev.cohort.chat.domain.ContactPolicy;
import dev.cohort.chat.store.ContactStore;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Who may reach whom in chat, from chat's own projection of profile's privacy settings, follows and blocks (never
 * a call to profile): opening a direct conversation and adding people to a channel (ADR 0036). A refusal is
 * PERMISSION_DENIED with DIRECT_MESSAGES_NOT_ALLOWED or CHANNEL_INVITES_NOT_ALLOWED, the same whether a setting or
 * a block refused it, so the answer never tells anyone they were blocked.
 */
public class Contacts {

    public static final String DIRECT_MESSAGES_NOT_ALLOWED = "DIRECT_MESSAGES_NOT_ALLOWED";
    public static final String CHANNEL_INVITES_NOT_ALLOWED = "CHANNEL_INVITES_NOT_ALLOWED";

    private final ContactStore store;
    private final ConversationStore conversations;
    private final Blocks blocks;

    public Contacts(ContactStore store, ConversationStore conversations, Blocks blocks) {
        this.store = store;
        this.conversations = conversations;
        this.blocks = blocks;
    }

    /**
     * Throws PERMISSION_DENIED (DIRECT_MESSAGES_NOT_ALLOWED) unless {@code actor} may message each of {@code others}:
     * in a direct conversation that exists already, unless a block stands between them.
     */
    public void requireMayMessage(Actor actor, Collection<UUID> others, boolean existingConversation) {
        List<UUID> refused = existingConversation
                ? others.stream().distinct().filter(other -> blocks.between(actor.userId(), other)).toList()
                : refused(actor, others, ContactStore.Settings::directMessages);
        if (!refused.isEmpty()) {
            throw new PermissionDeniedException(DIRECT_MESSAGES_NOT_ALLOWED,
                    "Not allowed to start a direct conversation with " + join(refused) + ".",
                    Map.of("userIds", join(refused)));
        }
    }

    /** Throws PERMISSION_DENIED (CHANNEL_INVITES_NOT_ALLOWED) unless {@code actor} may add each of {@code others}. */
    public void requireMayInvite(Actor actor, Collection<UUID> others) {
        List<UUID> refused = refused(actor, others, ContactStore.Settings::channelInvites);
        if (!refused.isEmpty()) {
            throw new PermissionDeniedException(CHANNEL_INVITES_NOT_ALLOWED,
                    "Not allowed to add " + join(refused) + " to a channel.", Map.of("userIds", join(refused)));
        }
    }

    private List<UUID> refused(Actor actor, Collection<UUID> others, Function<ContactStore.Settings, String> way) {
        List<UUID> targets = others.stream().distinct().filter(id -> !id.equals(actor.userId())).toList();
        if (targets.isEmpty()) {
            return List.of();
        }
        // Classmates share a conversation or a course section (ADR 0031, 0036); a group is shared through its
        // group conversation.
        Set<UUID> classmates = new HashSet<>(conversations.sharingAConversation(actor.userId(), targets));
        if (!classmates.containsAll(targets)) {
            classmates.addAll(store.sharingASection(actor.userId(), targets));
        }
        List<UUID> refused = new ArrayList<>();
        for (UUID target : targets) {
            ContactPermission setting = store.settingsOf(target).map(way).map(ContactPermission::parse)
                    .orElse(ContactPermission.DEFAULT);
            boolean followsActor = setting == ContactPermission.PEOPLE_I_FOLLOW
                    && store.follows(target, actor.userId());
            ContactPolicy.Relation relation = new ContactPolicy.Relation(blocks.between(actor.userId(), target),
                    classmates.contains(target), followsActor);
            if (!ContactPolicy.allows(setting, relation)) {
                refused.add(target);
            }
        }
        return refused;
    }

    /** Course's EnrollmentChanged: {@code userId} took a seat in {@code sectionId}. */
    public void enrolled(UUID sectionId, UUID userId) {
        store.enroll(sectionId, userId);
    }

    /** Course's EnrollmentChanged: {@code userId} dropped {@code sectionId}. */
    public void dropped(UUID sectionId, UUID userId) {
        store.unenroll(sectionId, userId);
    }

    /** Profile's PrivacyChanged: the person's full settings as of {@code changedAt} (older ones are ignored). */
    public void privacyChanged(UUID userId, String directMessages, String channelInvites, Instant changedAt) {
        store.putSettings(userId, directMessages, channelInvites, changedAt);
    }

    public void followed(UUID follower, UUID followed) {
        store.follow(follower, followed);
    }

    public void unfollowed(UUID follower, UUID followed) {
        store.unfollow(follower, followed);
    }

    public void blocked(UUID blocker, UUID blocked) {
        blocks.blocked(blocker, blocked);
    }

    public void unblocked(UUID blocker, UUID blocked) {
        blocks.unblocked(blocker, blocked);
    }

    private static String join(List<UUID> ids) {
        return String.join(",", ids.stream().map(UUID::toString).toList());
    }

}
