package dev.cohort.search;

import dev.cohort.events.Topics;
import dev.cohort.events.chat.ConversationKind;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRemoved;
import dev.cohort.events.chat.MemberRole;
import dev.cohort.events.chat.MessageDeleted;
import dev.cohort.events.chat.MessageEdited;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.course.CourseUpserted;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.profile.ContactPermission;
import dev.cohort.events.profile.PrivacyChanged;
import dev.cohort.events.profile.ProfileUpdated;
import dev.cohort.events.profile.ProfileVisibility;
import dev.cohort.events.profile.UserBlocked;
import dev.cohort.events.profile.UserUnblocked;
import dev.cohort.eventtestkit.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events search consumes, as their producers publish them (real Avro through the test registry and the
 * in-JVM broker), keyed by their aggregate so that the order per conversation, course or person holds.
 */
final class Events {

    private Events() {
    }

    static void publish(String topic, String key, SpecificRecord event) {
        try {
            TestEvents.publish(topic, key, event);
        } catch (Exception failed) {
            throw new IllegalStateException("could not publish to " + topic, failed);
        }
    }

    static EventMetadata metadata(Object aggregate, String producer, Instant occurredAt) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(occurredAt)
                .setAggregateId(aggregate.toString()).setProducer(producer).setTraceparent(null).build();
    }

    /** A conversation: publishes its members, returns its id. */
    static UUID conversation(UUID... members) {
        UUID conversation = UUID.randomUUID();
        for (UUID member : members) {
            joined(conversation, member);
        }
        return conversation;
    }

    static void joined(UUID conversation, UUID user) {
        publish(Topics.CHAT_MESSAGES, conversation.toString(), MemberAdded.newBuilder()
                .setMetadata(metadata(conversation, "chat", Instant.now())).setConversationId(conversation.toString())
                .setUserId(user.toString()).setRole(MemberRole.MEMBER).setAddedBy(user.toString()).build());
    }

    static void left(UUID conversation, UUID user) {
        publish(Topics.CHAT_MESSAGES, conversation.toString(), MemberRemoved.newBuilder()
                .setMetadata(metadata(conversation, "chat", Instant.now())).setConversationId(conversation.toString())
                .setUserId(user.toString()).setRemovedBy(user.toString()).build());
    }

    /** Posts {@code text} as message {@code sequence} of {@code conversation} at {@code postedAt}; returns it. */
    static MessagePosted posted(UUID conversation, long sequence, UUID author, String text, Instant postedAt) {
        return posted(conversation, sequence, author, text, postedAt, false);
    }

    /** As {@link #posted} for a message an admin imported as history at its original time (ADR 59). */
    static MessagePosted imported(UUID conversation, long sequence, UUID author, String text, Instant postedAt) {
        return posted(conversation, sequence, author, text, postedAt, true);
    }

    private static MessagePosted posted(UUID conversation, long sequence, UUID author, String text, Instant postedAt,
                                        boolean imported) {
        UUID message = UUID.randomUUID();
        MessagePosted posted = MessagePosted.newBuilder().setMetadata(metadata(conversation, "chat", postedAt))
                .setConversationId(conversation.toString()).setConversationKind(ConversationKind.CHANNEL)
                .setMessageId(message.toString()).setSequence(sequence).setAuthorUserId(author.toString())
                .setText(text).setMentions(List.of()).setThreadRootMessageId(null).setImported(imported).build();
        publish(Topics.CHAT_MESSAGES, conversation.toString(), posted);
        return posted;
    }

    static MessageEdited edited(MessagePosted message, String text) {
        MessageEdited edited = MessageEdited.newBuilder()
                .setMetadata(metadata(message.getConversationId(), "chat", Instant.now()))
                .setConversationId(message.getConversationId()).setMessageId(message.getMessageId())
                .setSequence(message.getSequence()).setEditorUserId(message.getAuthorUserId()).setText(text).build();
        publish(Topics.CHAT_MESSAGES, message.getConversationId(), edited);
        return edited;
    }

    static void deleted(MessagePosted message) {
        publish(Topics.CHAT_MESSAGES, message.getConversationId(), MessageDeleted.newBuilder()
                .setMetadata(metadata(message.getConversationId(), "chat", Instant.now()))
                .setConversationId(message.getConversationId()).setMessageId(message.getMessageId())
                .setSequence(message.getSequence()).setDeletedBy(message.getAuthorUserId()).build());
    }

    /** A course of the catalog; returns its id. */
    static UUID course(String code, String title, String description) {
        UUID course = UUID.randomUUID();
        publish(Topics.COURSE_CATALOG, course.toString(), CourseUpserted.newBuilder()
                .setMetadata(metadata(course, "course", Instant.now())).setCourseId(course.toString()).setCode(code)
                .setTitle(title).setDescription(description).setCredits(3).setDepartment(code.split(" ")[0])
                .setDepartmentName("Department of " + code.split(" ")[0]).setCreated(true).build());
        return course;
    }

    static void enrolled(UUID section, UUID student) {
        publish(Topics.COURSE_ENROLLMENTS, section.toString(), EnrollmentChanged.newBuilder()
                .setMetadata(metadata(section, "course", Instant.now())).setUserId(student.toString())
                .setSectionId(section.toString()).setCourseId(UUID.randomUUID().toString())
                .setChange(EnrollmentChange.ENROLLED).build());
    }

    /** A person registered with {@code name}; returns their id. */
    static UUID person(String name) {
        UUID user = UUID.randomUUID();
        publish(Topics.IDENTITY_USERS, user.toString(), UserRegistered.newBuilder()
                .setMetadata(metadata(user, "identity", Instant.now())).setUserId(user.toString())
                .setEmail("u" + user.toString().substring(0, 8) + "@example.org").setDisplayName(name)
                .setRoles(List.of("ROLE_STUDENT")).build());
        return user;
    }

    static void profile(UUID user, String name, String program, String bio) {
        Instant now = Instant.now();
        publish(Topics.PROFILE_PROFILES, user.toString(), ProfileUpdated.newBuilder()
                .setMetadata(metadata(user, "profile", now)).setUserId(user.toString())
                .setChangedFields(List.of("display_name", "program", "bio")).setDisplayName(name).setPronouns("")
                .setBio(bio).setProgram(program).setYearOfStudy(2).setLinks(List.of()).setUpdatedAt(now)
                .setAvatarVersion(null).build());
    }

    static void visibility(UUID user, ProfileVisibility visibility) {
        Instant now = Instant.now();
        publish(Topics.PROFILE_PROFILES, user.toString(), PrivacyChanged.newBuilder()
                .setMetadata(metadata(user, "profile", now)).setUserId(user.toString())
                .setProfileVisibility(visibility).setDirectMessages(ContactPermission.CLASSMATES)
                .setChannelInvites(ContactPermission.CLASSMATES).setShowEmail(false).setChangedAt(now).build());
    }

    static void blocked(UUID blocker, UUID blocked) {
        publish(Topics.PROFILE_RELATIONSHIPS, blocker.toString(), UserBlocked.newBuilder()
                .setMetadata(metadata(blocker, "profile", Instant.now())).setBlockerUserId(blocker.toString())
                .setBlockedUserId(blocked.toString()).build());
    }

    static void unblocked(UUID blocker, UUID blocked) {
        publish(Topics.PROFILE_RELATIONSHIPS, blocker.toString(), UserUnblocked.newBuilder()
                .setMetadata(metadata(blocker, "profile", Instant.now())).setBlockerUserId(blocker.toString())
                .setBlockedUserId(blocked.toString()).build());
    }
}
