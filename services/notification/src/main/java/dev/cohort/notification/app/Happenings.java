package dev.cohort.notification.app;

import dev.cohort.notification.domain.NewNotification;
import dev.cohort.notification.domain.NotificationKind;
import dev.cohort.notification.domain.Texts;
import dev.cohort.notification.store.NotificationStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the other services' events mean for people: who is told what. Each method runs inside the consumer's
 * transaction for one event (which records its id, so a replay makes nothing twice) and returns what was made.
 * Nobody is notified of what they did themselves.
 */
public class Happenings {

    private final NotificationStore store;
    private final Notifier notifier;
    private final Presence presence;

    public Happenings(NotificationStore store, Notifier notifier, Presence presence) {
        this.store = store;
        this.notifier = notifier;
        this.presence = presence;
    }

    /** Identity: a new account's address and name, for e-mail and titles. */
    public void registered(UUID userId, String email, String displayName) {
        store.register(userId, email, displayName);
    }

    /** Chat: someone joined a conversation (the members are who a mention of everyone reaches). */
    public void memberAdded(UUID conversationId, UUID userId) {
        store.addMember(conversationId, userId);
    }

    public void memberRemoved(UUID conversationId, UUID userId) {
        store.removeMember(conversationId, userId);
    }

    /** A message posted in a conversation. */
    public enum ConversationType { CHANNEL, DIRECT, GROUP }

    /**
     * Chat: a message. Each person named in it is told (MENTION), every member but the author when it mentions
     * everyone in a channel, and in a direct conversation each other member who is not connected to chat now
     * (DIRECT_MESSAGE; someone both mentioned and written to directly gets the mention). Only current members are
     * told: a mention of someone who left reaches nobody.
     */
    public List<Made> messagePosted(UUID conversationId, ConversationType type, UUID messageId, UUID author,
                                    String text, Collection<UUID> mentioned, boolean everyone) {
        Set<UUID> members = new LinkedHashSet<>(store.members(conversationId));
        String authorName = Texts.nameOr(store.displayName(author).orElse(null), "Someone");
        String excerpt = Texts.clip(text, 280);
        List<NewNotification> wanted = new ArrayList<>();
        Set<UUID> told = new LinkedHashSet<>();
        Set<UUID> mentionedNow = new LinkedHashSet<>(mentioned);
        if (everyone && type == ConversationType.CHANNEL) {
            mentionedNow.addAll(members);
        }
        for (UUID person : mentionedNow) {
            if (!person.equals(author) && members.contains(person) && told.add(person)) {
                wanted.add(new NewNotification(person, NotificationKind.MENTION, authorName + " mentioned you",
                        excerpt, author, conversationId, messageId, null, null, null));
            }
        }
        if (type == ConversationType.DIRECT) {
            for (UUID person : members) {
                if (!person.equals(author) && !told.contains(person) && !presence.connectedToChat(person)) {
                    told.add(person);
                    wanted.add(new NewNotification(person, NotificationKind.DIRECT_MESSAGE,
                            authorName + " sent you a message", excerpt, author, conversationId, messageId, null, null,
                            null));
                }
            }
        }
        return notifier.notify(wanted);
    }

    /** Group: a group was created (its name, for titles). */
    public void groupCreated(UUID groupId, String name) {
        store.nameGroup(groupId, name);
    }

    /** Group: someone asked to join an approval group; its owner is told. */
    public List<Made> joinRequested(UUID groupId, UUID sectionId, UUID requester, UUID owner, String message) {
        if (requester.equals(owner)) {
            return List.of();
        }
        String who = Texts.nameOr(store.displayName(requester).orElse(null), "Someone");
        return notifier.notify(List.of(new NewNotification(owner, NotificationKind.JOIN_REQUEST,
                who + " asked to join " + groupName(groupId), message, requester, null, null, groupId, sectionId,
                requester)));
    }

    /**
     * Group: someone became a member. When the owner let them in ({@code by} is someone else), it answers their
     * request; joining an open group oneself, or being added by the platform, tells nobody.
     */
    public List<Made> joined(UUID groupId, UUID sectionId, UUID member, UUID by) {
        if (by == null || by.equals(member)) {
            return List.of();
        }
        return notifier.notify(List.of(new NewNotification(member, NotificationKind.JOIN_APPROVED,
                "You joined " + groupName(groupId), "Your request was approved.", by, null, null, groupId, sectionId,
                null)));
    }

    /** Group: the owner said no to a join request. */
    public List<Made> joinRejected(UUID groupId, UUID sectionId, UUID requester, UUID by) {
        return notifier.notify(List.of(new NewNotification(requester, NotificationKind.JOIN_REJECTED,
                "Your request to join " + groupName(groupId) + " was declined", "", by, null, null, groupId,
                sectionId, null)));
    }

    /** Group: it ended; its former members are told, except whoever ended it. */
    public List<Made> disbanded(UUID groupId, UUID sectionId, UUID by, List<UUID> formerMembers) {
        String title = groupName(groupId) + " was disbanded";
        List<NewNotification> wanted = formerMembers.stream().filter(member -> !member.equals(by))
                .map(member -> new NewNotification(member, NotificationKind.GROUP_DISBANDED, title, "", by, null,
                        null, groupId, sectionId, null)).toList();
        return notifier.notify(wanted);
    }

    /** Group: handed to a new owner, who is told (by the previous owner, or by the platform). */
    public List<Made> handedOver(UUID groupId, UUID sectionId, UUID newOwner, UUID by) {
        if (newOwner.equals(by)) {
            return List.of();
        }
        return notifier.notify(List.of(new NewNotification(newOwner, NotificationKind.GROUP_HANDED_OVER,
                "You now own " + groupName(groupId), "", by, null, null, groupId, sectionId, null)));
    }

    /** Course: an enrolment was confirmed or dropped. */
    public List<Made> enrollment(UUID userId, UUID sectionId, boolean enrolled) {
        return notifier.notify(List.of(new NewNotification(userId, enrolled ? NotificationKind.ENROLLMENT_CONFIRMED
                : NotificationKind.ENROLLMENT_DROPPED, enrolled ? "Your enrolment is confirmed"
                : "Your enrolment was dropped", "", null, null, null, null, sectionId, null)));
    }

    /** Profile: someone started following someone. */
    public List<Made> followed(UUID follower, UUID followed) {
        String who = Texts.nameOr(store.displayName(follower).orElse(null), "Someone");
        return notifier.notify(List.of(new NewNotification(followed, NotificationKind.NEW_FOLLOWER,
                who + " started following you", "", follower, null, null, null, null, follower)));
    }

    /** Moderation: a report was resolved; its reporter learns the outcome (not who moderated). */
    public List<Made> reportResolved(UUID reporter, boolean aboutMessage, String outcome) {
        String what = aboutMessage ? "the message you reported" : "the profile you reported";
        String title = switch (outcome) {
            case "DISMISSED" -> "Moderators reviewed " + what + " and took no action";
            case "MESSAGE_REMOVED" -> "Moderators removed " + what;
            case "WARNED" -> "Moderators warned the author of " + what;
            case "SUSPENDED" -> "Moderators suspended the author of " + what;
            default -> "Moderators resolved your report";
        };
        return notifier.notify(List.of(new NewNotification(reporter, NotificationKind.REPORT_RESOLVED,
                title, "Thank you for helping keep Cohort a good place to study.", null, null, null, null, null,
                null)));
    }

    /** Moderation: a moderator acted on {@code target}; the note is theirs, as written. */
    public List<Made> moderated(UUID target, String action, String note) {
        String title = switch (action) {
            case "USER_WARNED" -> "A moderator warned you";
            case "MESSAGE_REMOVED" -> "A moderator removed a message of yours";
            case "USER_SUSPENDED" -> "A moderator suspended your account";
            default -> "A moderator acted on your account";
        };
        return notifier.notify(List.of(new NewNotification(target, NotificationKind.MODERATION_NOTICE, title,
                note, null, null, null, null, null, null)));
    }

    private String groupName(UUID groupId) {
        return store.groupName(groupId).map(name -> "\u201c" + name + "\u201d").orElse("a study group");
    }
}
