package dev.cohort.profile;

import dev.cohort.profile.app.Classmates;
import dev.cohort.profile.app.Registrations;
import dev.cohort.profile.domain.ContextKind;
import java.time.Instant;
import java.util.UUID;

/**
 * Test people, made through the very use cases the event consumers call (identity's registration, course's
 * enrollments, chat's members), for tests that run without Kafka. ProfileEventsTest proves the consumers.
 */
final class People {

    private final Registrations registrations;
    private final Classmates classmates;

    People(Registrations registrations, Classmates classmates) {
        this.registrations = registrations;
        this.classmates = classmates;
    }

    /** A new account named {@code name}, with its profile. */
    UUID register(String name) {
        UUID id = UUID.randomUUID();
        registrations.registered(id, "u" + id.toString().substring(0, 8) + "@example.org", name, Instant.now());
        return id;
    }

    /** Enrolls everyone in one new section, making them classmates; answers the section. */
    UUID shareSection(UUID... users) {
        return share(ContextKind.SECTION, users);
    }

    /** Puts everyone in one new conversation; answers the conversation. */
    UUID shareConversation(UUID... users) {
        return share(ContextKind.CONVERSATION, users);
    }

    /** Everyone is a member of one new study group (version 1); answers the group. */
    UUID shareGroup(UUID... users) {
        UUID group = UUID.randomUUID();
        classmates.groupMembersAre(group, 1, java.util.List.of(users));
        return group;
    }

    void leave(ContextKind kind, UUID context, UUID user) {
        classmates.left(kind, context, user);
    }

    private UUID share(ContextKind kind, UUID... users) {
        UUID context = UUID.randomUUID();
        for (UUID user : users) {
            classmates.joined(kind, context, user);
        }
        return context;
    }

    /** A word made of {@code prefix} and six random letters: a name no other test uses, for searches. */
    static String unique(String prefix) {
        StringBuilder word = new StringBuilder(prefix);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }
}
