package dev.cohort.chat.domain;

import java.util.UUID;

/**
 * Who is asking: a signed-in user, and whether they are an admin (admins may read and moderate any
 * conversation), and whether they teach (instructors may attach channels to sections). The API layer makes one from the verified token; the use cases never see tokens.
 */
public record Actor(UUID userId, boolean admin, boolean instructor) {

    public Actor {
        if (userId == null) {
            throw new IllegalArgumentException("userId is required");
        }
    }

    public static Actor user(UUID userId) {
        return new Actor(userId, false, false);
    }
}
